"""The bureau keeps the search synonyms in the admin (检索同义词); the next search uses them."""

import pytest

from lists import search
from lists.synonyms import SynonymGroup
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
ADD = "/admin/lists/synonymgroup/add/"


def form(words, **extra):
    return {"words": words, "kind": "everyday", "mutual": "on", "active": "on", **extra}


@pytest.fixture
def lead_client(client, bureau):
    from agencies.models import Membership

    client.force_login(make_user("lead-sfj", bureau, Membership.Role.LEAD))
    return client


def test_a_group_added_in_the_admin_expands_the_next_search(lead_client):
    assert search.understand_query("夜市").words[0].alternatives == ["夜市"]
    response = lead_client.post(ADD, form("夜市、夜间集市 → 占道经营"))
    assert response.status_code == 302
    assert search.understand_query("夜市").words[0].alternatives == ["夜市", "夜间集市", "占道经营"]
    assert search.understand_query("占道经营").words[0].alternatives[:1] == ["占道经营"]
    assert "夜市" not in search.understand_query("占道经营").words[0].alternatives


@pytest.mark.parametrize(
    ("words", "message"),
    [
        ("夜市", "一组至少要有两个不同的词语"),
        ("夜市、夜市", "一组至少要有两个不同的词语"),
        ("、，；", "一组至少要有两个不同的词语"),
        ("夜市 →", "“→”两边都要有词语"),
        ("夜市 → 集市 → 摊点", "只能有一个“→”"),
        ("夜市、" + "集" * 31, "超过 30 个字"),
    ],
)
def test_a_bad_group_is_refused_with_a_reason_and_nothing_is_saved(lead_client, words, message):
    before = SynonymGroup.objects.count()
    response = lead_client.post(ADD, form(words))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert SynonymGroup.objects.count() == before


def test_clerks_cannot_edit_synonyms(client, agency):
    from agencies.models import Membership

    client.force_login(make_user("clerk-x", agency, Membership.Role.CLERK))
    before = SynonymGroup.objects.count()
    response = client.post(ADD, form("夜市、夜间集市"))
    assert response.status_code == 403
    assert SynonymGroup.objects.count() == before
