"""What an attacker sends in a URL or a header: hostile query strings never reach a 500,
X-Forwarded-For is believed only behind configured proxies, and every page carries the
security headers (CSP without inline allowances, Permissions-Policy)."""

import base64
import os
import stat
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import TemporaryUploadedFile
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from portal.network import client_ip
from portal.params import parse_int
from tests.conftest import published_version

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(agency, clerk, reviewer):
    version = published_version(agency, clerk, reviewer)
    return version


# --- strict numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["²", "١٢", "٣", "1_0", " 1", "+1", "-1", "1e3", "9" * 10, ""])
def test_parse_int_takes_ascii_digits_only(value):
    assert parse_int(value) is None


def test_parse_int_bounds():
    assert parse_int("7") == 7
    assert parse_int("0", low=1) is None
    assert parse_int("99", 5, high=10) == 5


@pytest.mark.parametrize(
    "url, status",
    [
        ("/agencies/scjg/no-penalty/?version=²", 404),
        ("/agencies/scjg/no-penalty/?version=١", 404),
        ("/agencies/scjg/no-penalty/download.csv?version=²", 404),
        ("/agencies/scjg/no-penalty/history/?from=²&to=³", 200),
        ("/search/?q=登记&page=²", 200),
        ("/search/?q=登记&page=99999999999999999999", 200),
    ],
)
def test_review_findings_answer_without_500(client, world, url, status):
    assert client.get(url).status_code == status


def drf_cursor(position: str) -> str:
    raw = f"o=0&r=0&p={position}".encode()
    return base64.b64encode(raw).decode()


@pytest.mark.parametrize("position", ["not-a-date", "2024-13-45 99:00:00", "²", "0000-00-00"])
def test_forged_changes_cursor_is_404(client, world, position):
    response = client.get("/api/v1/changes/", {"cursor": drf_cursor(position)})
    assert response.status_code == 404


def test_a_genuine_changes_cursor_still_pages(client, world, agency, clerk, reviewer):
    published_version(agency, clerk, reviewer, code="no-coercion")
    first = client.get("/api/v1/changes/", {"page_size": "1"}).json()
    assert first["next"]
    assert client.get(first["next"]).status_code == 200


# --- fuzzing every public URL's parameters ----------------------------------------------------

# Every public route (portal, follow, corrections, laws, API), with real path values filled in
# from `world` so the parameters reach real objects; routes of their own below fuzz the path.
PUBLIC_URLS = [
    "/",
    "/agencies/",
    "/agencies/scjg/",
    "/agencies/scjg/no-penalty/",
    "/agencies/scjg/no-penalty/history/",
    "/agencies/scjg/no-penalty/print/",
    "/agencies/scjg/no-penalty/download.xlsx",
    "/agencies/scjg/no-penalty/download.csv",
    "/agencies/scjg/no-penalty/feed.atom",
    "/items/{key}/",
    "/items/{key}/correction/",
    "/items/{key}/correction/sent/",
    "/search/",
    "/large-mode/",
    "/laws/",
    "/laws/{law}/",
    "/follow/",
    "/follow/sent/",
    "/feeds/all.atom",
    "/feeds/agencies/scjg.atom",
    "/feeds/list-types/no-penalty.atom",
    "/api/v1/",
    "/api/v1/agencies/",
    "/api/v1/agencies/scjg/",
    "/api/v1/list-types/",
    "/api/v1/list-types/no-penalty/",
    "/api/v1/lists/",
    "/api/v1/lists/{list}/",
    "/api/v1/versions/",
    "/api/v1/versions/{version}/",
    "/api/v1/versions/{version}/items.csv",
    "/api/v1/versions/{version}/items.xlsx",
    "/api/v1/items/",
    "/api/v1/items/{key}/",
    "/api/v1/changes/",
    "/api/schema/",
]
FORMS = ["/follow/", "/items/{key}/correction/", "/follow/unsubscribe/{token}/"]
PATH_TEMPLATES = [
    "/agencies/{text}/",
    "/agencies/scjg/{text}/",
    "/agencies/scjg/{text}/history/",
    "/items/{text}/",
    "/laws/{text}/",
    "/follow/confirm/{text}/",
    "/follow/unsubscribe/{text}/",
    "/feeds/agencies/{text}.atom",
    "/api/v1/agencies/{text}/",
    "/api/v1/versions/{text}/",
    "/api/v1/items/{text}/",
]
PARAMETERS = [
    "version", "from", "to", "page", "page_size", "q", "list_type", "agency", "field", "unit",
    "next", "on", "cursor", "since", "action", "law", "status", "format", "email", "text",
    "contact", "answer", "token",
]  # fmt: skip
HOSTILE_TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["²", "١٢", "-1", "0", "99999999999999999999", "1e9", "%00", "\x00", "'"]),
    st.sampled_from(["2024-13-45T99:00:00", "0000-00-00", "9999-12-31T23:59:59+99:00"]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.binary(max_size=12).map(lambda b: base64.b64encode(b).decode()),
    st.sampled_from(["not-a-date", "2024-13-45 99:00:00", "²", ""]).map(drf_cursor),
)
FUZZ = hypothesis_settings(
    max_examples=int(os.environ.get("PUBLIC_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def real_paths(world):
    from oversight.models import Law

    return {
        "key": world.items.first().key,
        "version": world.pk,
        "list": world.list_id,
        "law": Law.objects.order_by("pk").first().slug,
        "token": "x" * 43,
    }


@pytest.fixture
def unthrottled(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1000000/min"},
    }
    settings.SUBSCRIBE_RATE_PER_HOUR = settings.CORRECTION_RATE_PER_HOUR = 1000000


def clean(query: dict) -> dict:
    return {name: value.replace("\x00", "") for name, value in query.items()}


@FUZZ
@given(
    url=st.sampled_from(PUBLIC_URLS),
    query=st.dictionaries(st.sampled_from(PARAMETERS), HOSTILE_TEXT, max_size=4),
)
def test_no_public_url_answers_5xx_whatever_its_parameters(
    client, real_paths, unthrottled, url, query
):
    url = url.format(**real_paths)
    response = client.get(url, clean(query))
    assert response.status_code < 500, (url, query)


@FUZZ
@given(
    url=st.sampled_from(FORMS),
    data=st.dictionaries(st.sampled_from(PARAMETERS), HOSTILE_TEXT, max_size=5),
)
def test_no_public_form_answers_5xx_whatever_is_posted(client, real_paths, unthrottled, url, data):
    url = url.format(**real_paths)
    response = client.post(url, clean(data))
    assert response.status_code < 500, (url, data)


@FUZZ
@given(template=st.sampled_from(PATH_TEMPLATES), text=HOSTILE_TEXT)
def test_no_public_path_answers_5xx_whatever_it_names(client, world, unthrottled, template, text):
    from urllib.parse import quote

    url = template.format(text=quote(text.replace("\x00", "").replace("/", ""), safe=""))
    response = client.get(url)
    assert response.status_code < 500, url


# --- X-Forwarded-For --------------------------------------------------------------------------


class FakeRequest:
    def __init__(self, peer, forwarded=None):
        self.META = {"REMOTE_ADDR": peer}
        if forwarded is not None:
            self.META["HTTP_X_FORWARDED_FOR"] = forwarded


def test_forwarded_for_is_ignored_without_trusted_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(FakeRequest("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


def test_forwarded_for_names_the_client_behind_trusted_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client forged "1.2.3.4"; the proxy appended the address it really saw.
    assert client_ip(FakeRequest("10.0.0.2", "1.2.3.4, 198.51.100.7")) == "198.51.100.7"
    settings.TRUSTED_PROXY_COUNT = 2
    request = FakeRequest("10.0.0.3", "1.2.3.4, 198.51.100.7, 10.0.0.2")
    assert client_ip(request) == "198.51.100.7"
    assert client_ip(FakeRequest("10.0.0.2", "not-an-ip")) == "10.0.0.2"
    assert client_ip(FakeRequest("10.0.0.2")) == "10.0.0.2"


def throttle_statuses(client, forwarded: list[str]) -> list[int]:
    return [
        client.get("/api/v1/list-types/", HTTP_X_FORWARDED_FOR=value).status_code
        for value in forwarded
    ]


def test_api_throttle_cannot_be_dodged_with_forged_forwarded_for(client, db, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min"},
    }
    settings.TRUSTED_PROXY_COUNT = 0
    forged = [f"198.51.100.{n}" for n in range(5)]
    assert throttle_statuses(client, forged) == [200, 200, 200, 429, 429]


def test_api_throttle_counts_each_client_behind_a_trusted_proxy(client, db, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min"},
    }
    settings.TRUSTED_PROXY_COUNT = 1
    one_client = ["1.1.1.1, 198.51.100.1", "2.2.2.2, 198.51.100.1", "198.51.100.1"] * 2
    assert throttle_statuses(client, one_client) == [200, 200, 200, 429, 429, 429]
    assert throttle_statuses(client, ["198.51.100.2"]) == [200]


# --- headers and defaults ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/", "/agencies/scjg/no-penalty/", "/search/?q=登记", "/admin/login/", "/api/docs/"]
)
def test_every_page_sends_a_strict_csp_and_permissions_policy(client, world, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "camera=()" in response["Permissions-Policy"]


def test_templates_have_no_inline_script_style_or_handlers():
    import re

    inline = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>|<style|\sstyle=\"|\son[a-z]+=\"", re.I)
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for folder in ("templates", "lists/templates", "agencies", "portal")
        for path in (ROOT / folder).rglob("*.html")
        for match in inline.finditer(path.read_text())
        if 'type="application/json"' not in match.group(0)
    ]
    assert offenders == []


def test_debug_is_off_unless_switched_on():
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    env.update(SECRET_KEY="x" * 60, DATABASE_URL="sqlite:///:memory:")
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == "False", result.stderr


def test_a_large_upload_spools_in_the_private_directory_and_its_rows_wait_in_the_database(
    settings, tmp_path, client, clerk, agency
):
    """Uploaded tables are not public until published: Django spools a large upload in the
    directory security.uploads keeps at 0700 (not the shared /tmp), and after parsing the rows
    wait in the uploader's own ImportUpload row; nothing stays on disk."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from lists.uploads import ImportUpload
    from security.uploads import ensure_private_dir
    from tests.import_files import csv_bytes, real_rows

    spool = ensure_private_dir(str(tmp_path / "uploads"))
    assert stat.S_IMODE(os.stat(spool).st_mode) == 0o700
    settings.FILE_UPLOAD_TEMP_DIR = spool
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # every upload goes to disk
    seen = []
    original = TemporaryUploadedFile.__init__

    def spy(self, *args, **kwargs):
        original(self, *args, **kwargs)
        seen.append(os.path.dirname(self.temporary_file_path()))

    client.force_login(clerk)
    data = csv_bytes(real_rows("weihai_yjj_buyu_chufa_2025.csv"), "utf-8")
    form = {"file": SimpleUploadedFile("清单.csv", data), "agency": agency.pk, "mode": "replace"}
    with mock.patch.object(TemporaryUploadedFile, "__init__", spy):
        response = client.post(reverse("lists_import"), {**form, "list_type": "no-penalty"})
    assert response.status_code == 200
    assert seen == [spool]
    assert list(tmp_path.joinpath("uploads").iterdir()) == []
    assert ImportUpload.objects.get().user == clerk


def test_the_upload_directory_must_be_private(tmp_path):
    from django.core.exceptions import ImproperlyConfigured

    from security.uploads import ensure_private_dir

    wide = tmp_path / "wide"
    wide.mkdir(mode=0o777)
    os.chmod(wide, 0o777)
    ensure_private_dir(str(wide))
    assert stat.S_IMODE(os.stat(wide).st_mode) == 0o700
    link = tmp_path / "link"
    link.symlink_to(wide)
    with pytest.raises(ImproperlyConfigured, match="符号链接"):
        ensure_private_dir(str(link))
    if os.getuid() == 0:  # as root, a directory given to another account is refused
        other = tmp_path / "other"
        other.mkdir(mode=0o700)
        os.chown(other, 65534, 65534)
        with pytest.raises(ImproperlyConfigured, match="其他账户"):
            ensure_private_dir(str(other))
