"""The admin's changelists stay cheap at province scale: no count over every row, indexed search."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lists.models import ListVersion
from tests.conftest import REAL_ROWS, draft_list, published_version

CHANGELIST = reverse("admin:lists_listversion_changelist")


def item_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if '"lists_item"' in q["sql"]]


def shown_counts(html: str) -> list[str]:
    return re.findall(r'<td class="field-row_total">(\d+)</td>', html)


def test_row_counts_are_read_for_the_versions_on_the_page_only(
    client, agency, clerk, reviewer, superuser
):
    published_version(agency, clerk, reviewer)  # 3 rows
    draft_list(agency, clerk, code="lighter-penalty", rows=REAL_ROWS[:2])
    client.force_login(superuser)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(CHANGELIST).content.decode()
    assert sorted(shown_counts(page)) == ["2", "3"]
    [count] = item_queries(queries)  # one grouped count, limited to the page's versions
    assert '"lists_item"."version_id" IN (' in count and "GROUP BY" in count
    assert "DISTINCT" not in " ".join(q["sql"] for q in queries)


def search(client, term):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(CHANGELIST, {"q": term}).content.decode()
    found = set(re.findall(r"/admin/lists/listversion/(\d+)/change/", page))
    return {int(pk) for pk in found}, queries


def test_the_search_box_finds_versions_by_their_rows_words_through_the_search_index(
    client, agency, clerk, other_agency, other_clerk
):
    mine = draft_list(agency, clerk)  # 安全生产法 is cited in its second row
    theirs = draft_list(other_agency, other_clerk)  # the same rows, another agency
    lighter = draft_list(agency, clerk, code="lighter-penalty", rows=REAL_ROWS[2:])
    client.force_login(clerk)
    found, queries = search(client, "安全生产 通报")
    assert found == {mine.pk}  # not theirs: the clerk's scope, not the index, decides
    words, counts = item_queries(queries)  # the words' versions, then the page's row counts
    assert '"lists_item"."version_id" IN (' in counts
    if connection.vendor == "postgresql":
        assert "@@" in words  # the GIN index of lists/search, not LIKE over item text
    assert '"lists_item"."matter"' not in words and "JOIN" not in words
    assert search(client, "营业执照")[0] == {mine.pk, lighter.pk}
    assert search(client, "市场监督管理局")[0] == {mine.pk, lighter.pk}  # by agency name
    assert search(client, "麒麟")[0] == set()
    assert theirs.pk not in search(client, "事故隐患")[0]


def test_a_site_admin_gets_no_filter_listing_every_agency(client, superuser, agency, clerk):
    from agencies.models import Agency

    Agency.objects.bulk_create(
        Agency(name=f"示例县第{n}执法单位", short_name=f"执法{n}", code=f"x{n}") for n in range(40)
    )
    draft_list(agency, clerk)
    client.force_login(superuser)
    page = client.get(CHANGELIST).content.decode()
    assert "示例县第1执法单位" not in page  # 41 agencies: found with the search box instead
    client.force_login(clerk)
    page = client.get(CHANGELIST).content.decode()
    assert f"?agency={agency.pk}" in page  # a clerk's one agency is still offered
    assert ListVersion.objects.count() == 1
