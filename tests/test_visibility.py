"""One door: another agency's data looks exactly like missing data, in every admin view."""

from django.urls import reverse

from lists.models import ListVersion
from tests.conftest import draft_list


def test_clerk_of_scjg_cannot_see_open_or_choose_anything_of_sthj(
    client, clerk, draft, other_agency, other_clerk
):
    foreign = draft_list(other_agency, other_clerk, code="no-penalty")
    client.force_login(clerk)

    changelist = client.get(reverse("admin:lists_listversion_changelist")).content.decode()
    assert str(draft.list.agency.short_name) in changelist
    assert "邻市生态环境局" not in changelist

    for name, pk in [
        ("admin:lists_listversion_change", foreign.pk),
        ("admin:lists_enforcementlist_change", foreign.list.pk),
        ("admin:agencies_agency_change", other_agency.pk),
    ]:
        assert client.get(reverse(name, args=[pk])).status_code == 404, name
    assert (
        client.post(reverse("admin:lists_listversion_change", args=[foreign.pk]), {}).status_code
        == 404
    )

    add_form = client.get(reverse("admin:lists_enforcementlist_add")).content.decode()
    assert "邻市生态环境局" not in add_form

    assert set(ListVersion.objects.visible_to(clerk)) == {draft}


def test_reviewer_sees_only_agencies_of_own_bureau(client, reviewer, other_reviewer, draft):
    assert set(ListVersion.objects.visible_to(reviewer)) == {draft}
    assert not ListVersion.objects.visible_to(other_reviewer).exists()
    client.force_login(other_reviewer)
    assert client.get(reverse("admin:lists_listversion_change", args=[draft.pk])).status_code == 404


def test_user_without_membership_sees_nothing(client, db, draft):
    from tests.conftest import make_user

    stranger = make_user("stranger")
    client.force_login(stranger)
    assert client.get(reverse("admin:lists_listversion_change", args=[draft.pk])).status_code in (
        403,
        404,
    )
    assert not ListVersion.objects.visible_to(stranger).exists()
