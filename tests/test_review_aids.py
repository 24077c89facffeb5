"""Reviewer aids on the review page and the oversight panels on the admin index."""

import datetime

from agencies.models import Agency, Membership
from lists import workflow
from oversight import adjustment
from oversight.models import ApplicationCount, Law
from oversight.review_aids import citation_flags
from tests.conftest import REAL_ROWS, draft_list, make_user, published_version

UNKNOWN_LAW = REAL_ROWS[0] | {"legal_basis": "《示例市无此条例》第三条"}


def test_citations_to_unknown_or_repealed_laws_are_flagged(
    published, agency, clerk, reviewer, lead
):
    law = Law.objects.get(key="安全生产法")
    adjustment.change_law_status(
        law, Law.Status.REPEALED, acting_user=lead, on_date=datetime.date(2025, 1, 1)
    )
    draft = draft_list(agency, clerk, code="lighter-penalty", rows=[REAL_ROWS[1], UNKNOWN_LAW])
    flags = {flag.name: flag.problem for flag in citation_flags(draft)}
    assert flags == {
        "中华人民共和国安全生产法": "该法规已废止（2025-01-01）",
        "示例市无此条例": "法规库中没有该法规，请核对名称",
    }


def test_the_review_page_shows_the_aids(
    client, agency, clerk, reviewer, other_agency, other_clerk, other_reviewer, bureau
):
    neighbour = Agency.objects.create(name="示例市文广旅局", code="wlj", review_bureau=bureau)
    neighbour_clerk = make_user("clerk-wlj", neighbour, Membership.Role.CLERK)
    published_version(
        neighbour,
        neighbour_clerk,
        reviewer,
        code="lighter-penalty",
        rows=[
            REAL_ROWS[2]
            | {
                "matter": "合伙企业未将营业执照置于其经营场所醒目位置的",
                "condition": "首次违法，当场改正",
            }
        ],
    )
    draft = draft_list(agency, clerk, rows=[REAL_ROWS[2], UNKNOWN_LAW])
    workflow.submit(draft, acting_user=clerk)
    client.force_login(reviewer)
    page = client.get(f"/admin/lists/listversion/{draft.pk}/review/").content.decode()
    assert 'id="review-aids"' in page
    assert "《示例市无此条例》第三条" in page and "法规库中没有该法规" in page
    assert "首次违法，当场改正" in page and "示例市文广旅局" in page


def test_the_clerk_dashboard_lists_open_adjustment_tasks(client, published, clerk, lead):
    law = Law.objects.get(key="安全生产法")
    adjustment.change_law_status(
        law, Law.Status.AMENDED, acting_user=lead, on_date=datetime.date(2025, 6, 1)
    )
    client.force_login(clerk)
    page = client.get("/admin/").content.decode()
    assert 'id="panel-adjustment"' in page and "已修订（2025-06-01）" in page
    assert 'id="panel-coverage"' not in page
    client.force_login(lead)
    page = client.get("/admin/").content.decode()
    assert 'id="panel-coverage"' in page and "待备案 0 份" in page


def test_a_clerk_enters_application_counts_for_own_items_only(
    client, published, clerk, other_agency, other_clerk, other_reviewer
):
    others = published_version(other_agency, other_clerk, other_reviewer)
    client.force_login(clerk)
    form = client.get("/admin/oversight/applicationcount/add/").context["adminform"].form
    choices = list(form.fields["item"].queryset)
    assert {item.version_id for item in choices} == {published.pk}
    item = choices[0]
    response = client.post(
        "/admin/oversight/applicationcount/add/",
        {"item": item.pk, "month": "2025-03-17", "cases": "5"},
    )
    assert response.status_code == 302
    count = ApplicationCount.objects.get()
    assert (count.item_key, count.month, count.cases) == (item.key, datetime.date(2025, 3, 1), 5)
    foreign = others.items.first()
    response = client.post(
        "/admin/oversight/applicationcount/add/",
        {"item": foreign.pk, "month": "2025-03-01", "cases": "1"},
    )
    assert response.status_code == 200 and ApplicationCount.objects.count() == 1
