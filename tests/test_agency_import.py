"""A site admin sets up agencies from a spreadsheet (django-import-export); nobody else can."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies.models import Agency

HEADER = "代码,单位名称,简称,类型,层级,上级单位代码,审查机关代码,执法领域,有效,排序\n"
GOOD = HEADER + (
    "jtys,示例市交通运输局,交通运输局,执法部门,市,,sfj,交通运输、道路运输,1,5\n"
    "jd-xinan,示例市西南街道办事处,西南街道,乡镇街道,乡镇街道,,sfj,综合执法,1,60\n"
)
BAD = GOOD + "nxj,示例市某局,某局,执法部门,市,,no-such-bureau,市场监管,1,9\n"


def upload(client, text):
    url = reverse("admin:agencies_agency_import")
    page = client.get(url)
    if page.status_code != 200:
        return page
    csv_choice = re.search(r'<option value="(\d+)">csv</option>', page.content.decode()).group(1)
    data = {
        "format": csv_choice,
        "resource": "0",
        "import_file": SimpleUploadedFile("agencies.csv", text.encode("utf-8"), "text/csv"),
    }
    response = client.post(url, data)
    body = response.content.decode()
    if "import_file_name" not in body:
        return response
    confirm = {
        name: re.search(rf'name="{name}" value="([^"]*)"', body).group(1)
        for name in ("import_file_name", "original_file_name", "format", "resource")
    }
    return client.post(reverse("admin:agencies_agency_process_import"), confirm)


def test_site_admin_imports_agencies_from_a_csv(client, superuser, bureau):
    client.force_login(superuser)
    response = upload(client, GOOD)
    assert response.status_code == 302
    township = Agency.objects.get(code="jd-xinan")
    assert township.kind == Agency.Kind.TOWNSHIP and township.review_bureau == bureau
    assert Agency.objects.get(code="jtys").fields == ["交通运输", "道路运输"]


def test_a_bad_row_imports_nothing(client, superuser, bureau):
    client.force_login(superuser)
    before = set(Agency.objects.values_list("code", flat=True))
    response = upload(client, BAD)
    assert response.status_code == 200
    page = response.content.decode()
    assert "没有代码为“no-such-bureau”的单位" in page
    assert set(Agency.objects.values_list("code", flat=True)) == before


def test_clerk_cannot_import_or_export_agencies(client, clerk):
    client.force_login(clerk)
    before = Agency.objects.count()
    assert client.get(reverse("admin:agencies_agency_import")).status_code == 403
    assert client.get(reverse("admin:agencies_agency_export")).status_code == 403
    assert Agency.objects.count() == before
