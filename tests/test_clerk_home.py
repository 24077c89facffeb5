"""The clerk's starting point: their lists with the next step, and a new list opens its draft."""

from django.urls import reverse

from lists import workflow
from lists.models import EnforcementList
from tests.conftest import draft_list, list_type, published_version


def test_clerk_home_shows_every_list_type_with_its_next_step(client, agency, clerk, reviewer):
    published_version(agency, clerk, reviewer)  # 不予处罚 published
    returned = draft_list(agency, clerk, code="lighter-penalty")
    workflow.submit(returned, acting_user=clerk)
    workflow.return_for_changes(returned, acting_user=reviewer, opinion="请补充依据")
    client.force_login(clerk)
    page = client.get(reverse("admin:index")).content.decode()
    start = page[page.index('id="clerk-start"') :]
    for name in (
        "不予处罚事项清单",
        "从轻处罚事项清单",
        "减轻处罚事项清单",
        "免予行政强制事项清单",
    ):
        assert name in start
    assert "第1版 已发布" in start and "第1版 被退回" in start and start.count("未编制") == 2
    assert 'id="start-new"' in start and 'id="start-import"' in start
    continue_to = reverse("admin:lists_listversion_change", args=[returned.pk])
    assert f'id="start-continue" href="{continue_to}"' in start


def test_reviewer_home_has_no_clerk_start(client, reviewer):
    client.force_login(reviewer)
    assert 'id="clerk-start"' not in client.get(reverse("admin:index")).content.decode()


def test_home_queries_do_not_grow_with_lists(client, agency, clerk):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(clerk)
    draft_list(agency, clerk)
    client.get(reverse("admin:index"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("admin:index"))
    for code in ("lighter-penalty", "mitigated-penalty", "no-coercion"):
        draft_list(agency, clerk, code=code)
    with CaptureQueriesContext(connection) as four:
        client.get(reverse("admin:index"))
    assert len(four) == len(one)


def test_creating_a_list_lands_on_its_draft(client, agency, clerk):
    client.force_login(clerk)
    add = reverse("admin:lists_enforcementlist_add")
    lt = list_type("mitigated-penalty")
    form = client.get(add + f"?list_type={lt.pk}")
    assert form.context["adminform"].form.initial["list_type"] == str(lt.pk)
    response = client.post(add, {"agency": agency.pk, "list_type": lt.pk})
    draft = EnforcementList.objects.get(agency=agency, list_type=lt).versions.get()
    assert response.status_code == 302
    assert response.url == reverse("admin:lists_listversion_change", args=[draft.pk])
