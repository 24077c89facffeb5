"""Every stored text exports: whatever the database holds in a published version, its agency
and its sections, no download answers 500 and every file opens again (lists.cells.xml_safe)."""

import csv
import io

import docx
import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import QuerySet
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from lists.cells import safe_cell
from lists.itemtext import normalise, normalise_value
from lists.models import Item
from tests.conftest import published_version

ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=30)
NASTY = st.sampled_from(["\x00", "\x01", "\x0b", "\x1f", "\ufffe", "\uffff", "\r", "\x85", "=1+1"])
texts = st.lists(st.one_of(NASTY, ANY_TEXT), min_size=1, max_size=4).map("".join)


def store(table: str, column: str, pk: int, value) -> object:
    """Write `value` as raw SQL, around every model; what the database refuses to hold (the
    item check constraint, PostgreSQL's NUL) is written in the form the model would store."""
    for candidate in (value, normalise(value), normalise(value).replace("\x00", "")):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [candidate, pk])
            return candidate
        except (DatabaseError, ValueError):
            continue
    raise AssertionError("nothing could be stored")


def store_extra(pk: int, value: dict) -> None:
    # Around the model too (the base QuerySet), as JSON: PostgreSQL's jsonb refuses \u0000.
    for candidate in (value, normalise_value(value)):
        try:
            with transaction.atomic():
                QuerySet(Item).filter(pk=pk).update(extra=candidate)
            return
        except (DatabaseError, ValueError):
            continue
    raise AssertionError("nothing could be stored")


def opens(fmt: str, content: bytes) -> list[str]:
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(content))
        return [str(c.value) for s in book for row in s.iter_rows() for c in row if c.value]
    if fmt == "docx":
        document = docx.Document(io.BytesIO(content))
        return [p.text for p in document.paragraphs]
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]


@pytest.fixture
def world(agency, clerk, reviewer, lead, superuser):
    version = published_version(agency, clerk, reviewer)
    return version, version.items.order_by("seq").first()


@given(text=texts)
@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_no_stored_text_makes_any_download_fail(text, client, world, clerk, lead, superuser):
    version, item = world
    store("lists_item", "matter", item.pk, "事项" + text)
    store("lists_item", "condition", item.pk, text)
    store_extra(item.pk, {text: text})
    store("agencies_agency", "name", version.list.agency_id, text)
    store("lists_listversion", "document_no", version.pk, text)
    store("lists_listsection", "title", item.section_id, text)

    doors = {
        "public xlsx": ("xlsx", None, "/agencies/scjg/no-penalty/download.xlsx"),
        "public csv": ("csv", None, "/agencies/scjg/no-penalty/download.csv"),
        "api xlsx": ("xlsx", None, f"/api/v1/versions/{version.pk}/items.xlsx"),
        "api csv": ("csv", None, f"/api/v1/versions/{version.pk}/items.csv"),
        "admin xlsx": (
            "xlsx",
            clerk,
            reverse("admin:lists_listversion_export_xlsx", args=[version.pk]),
        ),
        "admin csv": (
            "csv",
            clerk,
            reverse("admin:lists_listversion_export_csv", args=[version.pk]),
        ),
        "coverage": ("xlsx", lead, "/admin/oversight/coverage/?format=xlsx"),
        "report docx": (
            "docx",
            lead,
            "/admin/oversight/report/?start=2020-01-01&end=2030-12-31&format=docx",
        ),
        "report xlsx": (
            "xlsx",
            lead,
            "/admin/oversight/report/?start=2020-01-01&end=2030-12-31&format=xlsx",
        ),
    }
    for name, (fmt, user, url) in doors.items():
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, name
        cells = opens(fmt, response.getvalue())
        if name.startswith(("public", "api", "admin")):
            assert safe_cell(Item.objects.get(pk=item.pk).matter) in cells, name
        client.logout()
    client.force_login(superuser)
    for fmt, choice in (("csv", "0"), ("xlsx", "1")):
        url = reverse("admin:agencies_agency_export")
        fields = client.get(url).context["form"].fields
        data = {name: "on" for name in fields if name.startswith("agencyresource_")}
        response = client.post(url, {"resource": "0", "format": choice, **data})
        assert response.status_code == 200
        opens(fmt, response.getvalue())
