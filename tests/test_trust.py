"""Who vouches for a list, what it means, the government-site footer, display modes, files."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from lists import workflow
from lists.exporters import export_csv, export_xlsx
from lists.models import ListType, ListVersion
from lists.table_layout import column_widths
from tests.conftest import draft_list, published_version

pytestmark = pytest.mark.django_db

LIST_URL = "/agencies/scjg/no-penalty/"


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- who vouches ---------------------------------------------------------------------------


def test_list_version_and_item_pages_name_the_document_dates_and_reviewing_authority(
    citizen, agency, clerk, reviewer
):
    version = published_version(agency, clerk, reviewer, effective_date=datetime.date(2026, 1, 1))
    approved_on = version.reviewed_at.astimezone(datetime.timezone(datetime.timedelta(hours=8)))
    item = version.items.get(seq=1)
    for url in (LIST_URL, LIST_URL + "?version=1", f"/items/{item.key}/", LIST_URL + "print/"):
        html = page(citizen, url)
        assert "示市监发〔2024〕1号" in html, url
        assert "2026年1月1日" in html, url  # 施行日期
        assert f"{approved_on.year}年{approved_on.month}月{approved_on.day}日" in html, url
        assert "经示例市司法局合法性审查" in html, url


def test_the_authority_is_the_one_that_approved_even_after_the_bureau_is_renamed(
    citizen, agency, clerk, reviewer, bureau
):
    version = published_version(agency, clerk, reviewer)
    bureau.name = "示例市司法局（机构改革后）"
    bureau.save()
    version.refresh_from_db()
    assert version.review_authority == "示例市司法局"
    assert "经示例市司法局合法性审查" in page(citizen, LIST_URL)


def test_a_version_in_force_before_it_was_published_here_says_why(citizen, agency, clerk, reviewer):
    published_version(agency, clerk, reviewer, effective_date=datetime.date(2021, 7, 1))
    html = page(citizen, LIST_URL)
    assert "施行日期早于公布日期" in html and "此前已经印发施行的清单" in html


def test_a_version_published_before_it_takes_effect_has_no_such_note(
    citizen, agency, clerk, reviewer
):
    published_version(agency, clerk, reviewer)  # 施行日期 = today
    assert "施行日期早于公布日期" not in page(citizen, LIST_URL)


def test_a_refused_approval_records_no_authority(agency, clerk, other_reviewer):
    draft = draft_list(agency, clerk)
    workflow.submit(draft, acting_user=clerk)
    with pytest.raises(PermissionDenied):
        workflow.approve(draft, acting_user=other_reviewer)
    assert ListVersion.objects.get(pk=draft.pk).review_authority == ""


# --- what it means -------------------------------------------------------------------------


def test_each_list_type_explains_itself_without_promising_more_than_the_law(db):
    for list_type in ListType.objects.all():
        text = list_type.description + list_type.explanation
        assert "逐案认定" in list_type.explanation, list_type.code
        assert "改正" in text, list_type.code
        assert "不罚款" not in text and "一律不罚" not in text.replace("不是一律不罚", "")
    no_penalty = ListType.objects.get(code="no-penalty")
    assert "不是“应当不予处罚”" in no_penalty.explanation


def test_the_explanation_is_data_the_bureau_edits_and_the_pages_show_it(
    client, citizen, agency, clerk, reviewer, lead
):
    published_version(agency, clerk, reviewer)
    list_type = ListType.objects.get(code="no-penalty")
    client.force_login(lead)
    response = client.post(
        f"/admin/lists/listtype/{list_type.pk}/change/",
        {
            "description": "一句新的说明。",
            "explanation": "新的解释第一段。\n\n第二段：违法行为仍须改正。",
        },
    )
    assert response.status_code == 302
    list_type.refresh_from_db()
    assert list_type.code == "no-penalty" and list_type.name == "不予处罚事项清单"  # read-only
    assert "一句新的说明。" in page(citizen, "/")
    html = page(citizen, LIST_URL)
    assert "新的解释第一段。" in html and "<p>第二段：违法行为仍须改正。</p>" in html
    assert "一句新的说明。" in page(citizen, "/search/?q=营业执照")


def test_clerks_and_reviewers_cannot_edit_the_explanations(client, clerk, reviewer):
    list_type = ListType.objects.get(code="no-penalty")
    for user in (clerk, reviewer):
        client.force_login(user)
        url = f"/admin/lists/listtype/{list_type.pk}/change/"
        assert client.post(url, {"description": "改", "explanation": "改"}).status_code == 403
    list_type.refresh_from_db()
    assert list_type.description != "改"


# --- government-website conventions ---------------------------------------------------------


def test_the_footer_carries_what_settings_say(citizen, settings, db):
    settings.SITE_FOOTER = {
        "owner": "某市司法局",
        "operator": "某市司法局办公室",
        "address": "某市人民路8号",
        "phone": "0771-1234567",
        "email": "web@sfj.example.gov.cn",
        "site_code": "4501000001",
        "icp": "桂ICP备12345678号",
        "psb": "桂公网安备45010202000001号",
    }
    html = page(citizen, "/")
    for text in (
        "主办单位：某市司法局",
        "承办单位：某市司法局办公室",
        "联系电话：0771-1234567",
        "网站标识码：4501000001",
        '<a href="https://beian.miit.gov.cn/" rel="noopener">桂ICP备12345678号</a>',
        "code=45010202000001",
        'href="/sitemap/">网站地图',
        'href="/privacy/">隐私声明',
        'href="/feedback/">我要纠错',
    ):
        assert text in html, text
    assert "site_code=4501000001" in page(citizen, "/feedback/")


def test_a_blank_setting_is_left_out_of_the_footer(citizen, settings, db):
    settings.SITE_FOOTER = {key: "" for key in settings.SITE_FOOTER}
    html = page(citizen, "/")
    assert "主办单位" not in html and "网站标识码" not in html and "ICP" not in html


def test_sitemap_lists_every_section_and_each_agency_list_in_force(
    citizen, agency, clerk, reviewer
):
    published_version(agency, clerk, reviewer)
    html = page(citizen, "/sitemap/")
    for href in ('href="/agencies/"', 'href="/laws/"', 'href="/search/"', f'href="{LIST_URL}"'):
        assert href in html
    assert "隐私声明" in page(citizen, "/privacy/")


@pytest.mark.parametrize(("mode", "css_class"), [("large", "large"), ("contrast", "contrast")])
def test_display_modes_work_without_javascript_and_are_remembered(
    citizen, agency, clerk, reviewer, mode, css_class
):
    published_version(agency, clerk, reviewer)
    response = citizen.get("/display-mode/", {"mode": mode, "on": "1", "next": LIST_URL})
    assert response.status_code == 302 and response["Location"] == LIST_URL
    assert response.cookies[mode]["max-age"] == 365 * 24 * 3600
    assert f'<html lang="zh-CN" class="{css_class}">' in page(citizen, LIST_URL)
    citizen.get("/display-mode/", {"mode": mode, "next": LIST_URL})
    assert f'class="{css_class}"' not in page(citizen, LIST_URL)


def test_both_modes_together_and_an_unknown_mode_changes_nothing(citizen, db):
    citizen.get("/display-mode/", {"mode": "large", "on": "1"})
    citizen.get("/display-mode/", {"mode": "contrast", "on": "1"})
    assert '<html lang="zh-CN" class="large contrast">' in page(citizen, "/")
    response = citizen.get("/display-mode/", {"mode": "sepia", "on": "1"})
    assert response.status_code == 302 and "sepia" not in response.cookies


def test_the_list_page_changes_its_etag_with_the_display_mode(citizen, agency, clerk, reviewer):
    published_version(agency, clerk, reviewer)
    plain = citizen.get(LIST_URL)["ETag"]
    citizen.get("/display-mode/", {"mode": "contrast", "on": "1"})
    assert citizen.get(LIST_URL)["ETag"] != plain


# --- print and files -----------------------------------------------------------------------


def test_files_carry_document_number_version_dates_and_authority(agency, clerk, reviewer):
    version = published_version(agency, clerk, reviewer, effective_date=datetime.date(2026, 1, 1))
    sheet = load_workbook(io.BytesIO(export_xlsx(version))).active
    heading = sheet["A3"].value
    lines = export_csv(version).decode("utf-8-sig").splitlines()
    for text in (heading, lines[2]):
        assert "第1版（" in text and "文号：示市监发〔2024〕1号" in text
        assert "施行日期：2026年1月1日" in text and "经示例市司法局合法性审查" in text


def test_a_draft_exported_in_the_admin_says_it_is_not_reviewed(agency, clerk):
    draft = draft_list(agency, clerk)
    heading = load_workbook(io.BytesIO(export_xlsx(draft))).active["A3"].value
    assert heading == "第1版（草稿，未公布） · 未经合法性审查"


def test_print_columns_are_sized_by_content_never_one_character_wide():
    labels = ["序号", "类别", "行政处罚事项", "实施机关", "不予处罚适用条件", "法律依据", "备注"]
    row = [
        "12",
        "一、建设项目管理类",
        "建设单位未依法备案建设项目环境影响登记表",
        "示例市生态环境局",
        "同时满足下列情形的，不予行政处罚：\n（1）属于首次违法；\n（2）在责令改正期限内改正违法行为。",
        "《中华人民共和国环境影响评价法》第二十二条第四款 国家对环境影响登记表实行备案管理。" * 3,
        "",
    ]
    widths = column_widths(labels, [row] * 40)
    assert sum(widths) == 100
    by_label = dict(zip(labels, widths, strict=True))
    assert by_label["法律依据"] == max(widths)  # the longest text gets the most room
    assert by_label["实施机关"] >= 5 and by_label["类别"] >= 5  # four characters a line or more
    assert by_label["备注"] <= 4 and by_label["序号"] <= 4  # empty and short columns stay narrow


def test_a_short_list_spreads_its_columns_and_an_empty_one_is_safe():
    widths = column_widths(["序号", "事项"], [["1", "甲"]])
    assert sum(widths) == 100 and all(width >= 1 for width in widths)
    assert column_widths([], []) == []
