"""Personas and list builders shared by every test file.

States are built by calling the workflow verbs (draft -> submit -> approve -> publish), never by
setting `status`.
"""

import csv
import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connections
from hypothesis import settings as hypothesis_settings

from agencies.models import Agency, Membership
from lists import workflow
from lists.models import Item, ListSection, ListType

# Real rows: 江门市生态环境局 不予处罚事项清单 (江环〔2021〕231号) and 威海市应急管理局 (2025).
REAL_ROWS = [
    {
        "matter": "建设单位未依法备案建设项目环境影响登记表",
        "category": "一、建设项目管理类",
        "legal_basis": "《中华人民共和国环境影响评价法》第二十二条第四款 国家对环境影响登记表实行备案管理。",
        "condition": "同时满足下列情形的，不予行政处罚：\n（1）属于首次违法；\n（2）在责令改正期限内改正违法行为，危害后果轻微。",
    },
    {
        "matter": "生产经营单位未将事故隐患排查治理情况向从业人员通报的",
        "legal_basis": "《中华人民共和国安全生产法》第四十一条第二款、第九十七条",
        "condition": "同时满足初次违法、危害后果轻微、及时改正等情形",
    },
    {
        "matter": "合伙企业未将营业执照置于经营场所醒目位置",
        "legal_basis": "《中华人民共和国合伙企业登记管理办法》第三十三条、第四十三条",
        "condition": "自行改正或者在行政机关责令改正的期限内改正",
    },
]

PASSWORD = "demo12345"

# CI explores the same examples on every run (a red run is reproducible, never a roll of the
# dice); on a developer's machine Hypothesis keeps searching new ones and remembers failures.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture(autouse=True)
def login_through_axes(monkeypatch):
    """django-axes needs the request in authenticate(), which the test client's login() does not
    pass: give it one (from 127.0.0.1), so client.login counts failures and lockouts exactly as
    the login page does. force_login needs nothing (it does not authenticate)."""
    from django.test import Client, RequestFactory

    original = Client.login

    def login(self, **credentials):
        credentials.setdefault("request", RequestFactory().post("/admin/login/"))
        return original(self, **credentials)

    monkeypatch.setattr(Client, "login", login)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # PBKDF2 with Django's iteration count costs ~0.3 s per user; tests need no strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_cache():
    # Each test starts with an empty cache (a cache outlives the test database it described).
    from django.core.cache import cache

    from lists import public_cache

    cache.clear()
    public_cache.reset()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def empty_holiday_table():
    # lists.workdays keeps the bureau's holiday table in memory; each test starts without one
    # (and without a query). A test that writes CalendarDay rows calls workdays.forget().
    from lists import workdays

    workdays.hold()
    yield
    workdays.hold()


def make_user(username: str, agency: Agency | None = None, role: str | None = None, **extra):
    user = get_user_model().objects.create_user(
        username, email=f"{username}@example.gov.cn", password=PASSWORD, is_staff=True, **extra
    )
    if agency is not None:
        Membership.objects.create(user=user, agency=agency, role=role)
    return user


@pytest.fixture
def bureau(db):
    return Agency.objects.create(
        name="示例市司法局", short_name="司法局", code="sfj", kind=Agency.Kind.JUSTICE
    )


@pytest.fixture
def other_bureau(db):
    return Agency.objects.create(
        name="邻市司法局", short_name="邻市司法局", code="lsfj", kind=Agency.Kind.JUSTICE
    )


@pytest.fixture
def agency(bureau):
    return Agency.objects.create(
        name="示例市市场监督管理局",
        short_name="市场监管局",
        code="scjg",
        review_bureau=bureau,
        fields=["市场监管"],
    )


@pytest.fixture
def other_agency(other_bureau):
    return Agency.objects.create(
        name="邻市生态环境局",
        short_name="邻市生态环境局",
        code="sthj",
        review_bureau=other_bureau,
        fields=["生态环境"],
    )


@pytest.fixture
def clerk(agency):
    return make_user("clerk-scjg", agency, Membership.Role.CLERK)


@pytest.fixture
def other_clerk(other_agency):
    return make_user("clerk-sthj", other_agency, Membership.Role.CLERK)


@pytest.fixture
def reviewer(bureau):
    return make_user("reviewer-sfj", bureau, Membership.Role.REVIEWER)


@pytest.fixture
def other_reviewer(other_bureau):
    return make_user("reviewer-lsfj", other_bureau, Membership.Role.REVIEWER)


@pytest.fixture
def lead(bureau):
    return make_user("lead-sfj", bureau, Membership.Role.LEAD)


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("admin", "admin@example.gov.cn", PASSWORD)


@pytest.fixture
def citizen(client):
    """The public: an anonymous browser."""
    return client


DEMO_ROWS = Path(__file__).resolve().parent.parent / "fixtures" / "demo" / "sthj-no-penalty.csv"


def real_rows(count: int) -> list[dict]:
    """The 40 real rows of 江门市生态环境局 (with their sections), repeated up to `count`."""
    with open(DEMO_ROWS, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    sections = {s.number: s for s in ListSection.objects.filter(list_type__code="no-penalty")}
    out = []
    for index in range(count):
        row = rows[index % len(rows)]
        suffix = "" if index < len(rows) else f"（第{index // len(rows) + 1}组）"
        out.append(
            {
                "matter": row["matter"] + suffix,
                "category": row["category"],
                "condition": row["condition"],
                "legal_basis": row["legal_basis"],
                "section": sections[int(row["section"] or 2)],
            }
        )
    return out


def list_type(code: str = "no-penalty") -> ListType:
    return ListType.objects.get(code=code)


def add_items(version, rows=REAL_ROWS):
    """Append `rows` to a draft. In a list type whose rows must belong to a section (不予处罚),
    a row that names none goes into the first one (`"section"`: a ListSection, its number, or
    None for no section)."""
    start = version.items.count()
    list_type = version.list.list_type
    sections = {section.number: section for section in list_type.sections.all()}
    default = min(sections) if sections and list_type.sections_required else None
    items = []
    for index, row in enumerate(rows, start=1):
        row = dict(row)
        section = row.pop("section", default)
        section = sections.get(section) if isinstance(section, int) else section
        items.append(
            Item(
                version=version,
                seq=start + index,
                implementing_body=version.list.agency.name,
                section=section,
                **row,
            )
        )
    return Item.objects.bulk_create(items)


def draft_list(agency, user, code="no-penalty", rows=REAL_ROWS):
    enforcement_list = workflow.create_list(agency, list_type(code), acting_user=user)
    version = enforcement_list.versions.get()
    add_items(version, rows)
    return version


def published_version(
    agency,
    clerk,
    reviewer,
    code="no-penalty",
    rows=REAL_ROWS,
    document_no="示市监发〔2024〕1号",
    effective_date=None,
):
    version = draft_list(agency, clerk, code, rows)
    workflow.submit(version, acting_user=clerk)
    workflow.approve(version, acting_user=reviewer, opinion="经审查，符合法律规定。")
    return workflow.publish(
        version, acting_user=clerk, document_no=document_no, effective_date=effective_date
    )


def published_revision(
    version, clerk, reviewer, rows=(), effective_date=None, document_no="示市监发〔2025〕2号"
):
    """The next version of `version`'s list, with `rows` added, published with that 施行日期."""
    revision = workflow.start_revision(version.list, acting_user=clerk)
    if rows:
        add_items(revision, rows)
    workflow.submit(revision, acting_user=clerk)
    workflow.approve(revision, acting_user=reviewer)
    return workflow.publish(
        revision, acting_user=clerk, document_no=document_no, effective_date=effective_date
    )


@pytest.fixture
def draft(agency, clerk):
    return draft_list(agency, clerk)


@pytest.fixture
def published(agency, clerk, reviewer):
    return published_version(agency, clerk, reviewer)


# Browser tests: Debian's Chromium driven by Playwright (which cannot download its own here).
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# CI installs Chromium, so there a missing browser fails instead of skipping.
BROWSER_TEST_MARKS = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM) and os.environ.get("CI") != "true",
        reason="no Chromium at /usr/bin/chromium",
    ),
]


@pytest.fixture
def browser(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; scoped to the test, so it never
    # leaks into other tests' subprocesses (check --deploy refuses it).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
        # While Playwright's loop runs, the ORM keys connections by context, not thread: close
        # the one the test opened, or PostgreSQL cannot drop the test database.
        connections.close_all()
