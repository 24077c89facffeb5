"""The law-citation index and its public pages /laws/ and /laws/<slug>/."""

from django.urls import reverse

from agencies.models import Agency
from lists import workflow
from oversight import registry
from oversight.models import Citation, Law, LawAlias
from tests.conftest import REAL_ROWS, published_version

SAFETY_ROW = {
    "matter": "生产经营单位未按规定上报事故隐患排查治理统计分析表的",
    "legal_basis": "《安全生产法》第九十七条、《安全生产事故隐患排查治理暂行规定》第十四条第一款、第二十六条",
    "condition": "同时满足初次违法、危害后果轻微、及时改正等情形",
}


def make_agency(bureau, code, name):
    return Agency.objects.create(name=name, short_name=name[-5:], code=code, review_bureau=bureau)


def test_publishing_indexes_the_citations_of_every_item(published):
    laws = dict(Citation.objects.values_list("item__matter", "law__key"))
    assert laws[REAL_ROWS[1]["matter"]] == "安全生产法"
    citation = Citation.objects.get(law__key="安全生产法")
    assert citation.articles == "第四十一条第二款、第九十七条"
    assert citation.field == "legal_basis"


def test_short_and_full_names_resolve_to_one_law(bureau, agency, clerk, reviewer):
    other = make_agency(bureau, "yjgl", "示例市应急管理局")
    published_version(agency, clerk, reviewer)
    published_version(other, reviewer_lead(bureau), reviewer, rows=[SAFETY_ROW])
    law = Law.objects.get(key="安全生产法")
    assert law.name == "中华人民共和国安全生产法"
    assert law.citations.count() == 2
    assert not law.verified


def reviewer_lead(bureau):
    from agencies.models import Membership
    from tests.conftest import make_user

    return make_user("lead-sfj", bureau, Membership.Role.LEAD)


def test_an_alias_added_in_the_registry_folds_the_other_name_into_the_law(published):
    law = Law.objects.get(key="合伙企业登记管理办法")
    target = Law.objects.create(name="中华人民共和国市场主体登记管理条例", verified=True)
    alias = LawAlias.objects.create(law=target, name="合伙企业登记管理办法")
    registry.merge_into(target, alias)
    assert not Law.objects.filter(pk=law.pk).exists()
    assert target.citations.count() == 1


def test_law_index_lists_laws_cited_in_force_with_counts(
    citizen, published, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = citizen.get("/laws/")
    assert response.status_code == 200
    laws = {law.key: law for law in response.context["laws"]}
    assert laws["安全生产法"].item_count == 1
    assert laws["安全生产法"].agency_count == 1
    assert "《中华人民共和国安全生产法》" in response.content.decode()


def test_law_page_shows_every_agency_item_in_force_citing_it(
    citizen, bureau, agency, clerk, reviewer, django_assert_max_num_queries
):
    lead = reviewer_lead(bureau)
    published_version(agency, clerk, reviewer)
    for n in range(3):
        other = make_agency(bureau, f"yj{n}", f"示例市第{n}应急管理局")
        published_version(other, lead, reviewer, rows=[SAFETY_ROW])
    law = Law.objects.get(key="安全生产法")
    with django_assert_max_num_queries(7):
        response = citizen.get(reverse("laws:detail", args=[law.slug]))
    page = response.content.decode()
    assert response.context["agency_count"] == 4
    assert page.count(SAFETY_ROW["matter"]) == 3
    assert "第九十七条" in page
    assert "/agencies/scjg/no-penalty/#item-" in page


def test_superseded_and_unpublished_items_do_not_count(citizen, published, clerk, reviewer):
    draft = workflow.start_revision(published.list, acting_user=clerk)
    draft.items.filter(matter=REAL_ROWS[1]["matter"]).update(legal_basis="《消防法》第二十八条")
    law = Law.objects.get(key="安全生产法")
    assert registry.citing_items(law).count() == 1  # the draft changes nothing yet
    workflow.submit(draft, acting_user=clerk)
    workflow.approve(draft, acting_user=reviewer)
    workflow.publish(draft, acting_user=clerk)
    assert registry.citing_items(law).count() == 0
    assert citizen.get("/laws/").context["laws"] and "安全生产法" not in {
        law.key for law in citizen.get("/laws/").context["laws"]
    }


def test_unknown_law_page_is_404(citizen, db):
    assert citizen.get("/laws/no-such-law/").status_code == 404


def test_a_law_nobody_has_verified_is_not_called_in_force(citizen, published):
    law = Law.objects.get(key="安全生产法")
    page = citizen.get(reverse("laws:detail", args=[law.slug])).content.decode()
    assert "未核实" in page and "现行有效</span>" not in page
    law.verified = True
    law.save()
    page = citizen.get(reverse("laws:detail", args=[law.slug])).content.decode()
    assert '<span class="badge badge-current">现行有效</span>' in page
