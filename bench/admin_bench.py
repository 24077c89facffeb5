"""The admin at province scale: changelists, their search, a 10,000-row version, a 300-row save.

    python bench/admin_bench.py                      # 1,000,000 items, 8,600 versions
    python bench/admin_bench.py --repeat 5 --json

Builds (or reuses) the PostgreSQL database `bench_editor_1m` with bench/dataset.py (2,171
agencies: 8,600 published versions, 1,000,000 items), adds a 10,000-row draft, a 300-row draft
and 120 older open versions (for the index's working-day counts), serves it with gunicorn
(1 sync worker, port 8610, DEBUG off) and, logged in as a site admin, times each page one
request at a time after a warm-up. Prints p50/p95 in ms and as a ratio to a hello-world view
served by the same gunicorn, the HTML weight (raw and gzip), and the time of a save of the
300-row draft with one changed cell.
"""

import argparse
import datetime
import gzip
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import dataset  # noqa: E402

DB = "bench_editor_1m"
PORT = 8610
BASE = f"http://127.0.0.1:{PORT}"
ADMIN, PASSWORD = "bench-editor-admin", "bench-editor-pass"
BIG, MEDIUM = "bench-editor-10000", "bench-editor-300"


def prepare() -> dict:
    """The rows and users the admin pages need, once (marked by the agencies' codes)."""
    from django.contrib.auth import get_user_model

    from agencies.models import Agency
    from lists.models import ListVersion

    user = get_user_model().objects.filter(username=ADMIN).first()
    if user is None:
        get_user_model().objects.create_superuser(ADMIN, "bench@example.gov.cn", PASSWORD)
    versions = {}
    for code, size in ((BIG, 10_000), (MEDIUM, 300)):
        agency = Agency.objects.filter(code=code).first() or _agency(code)
        version = ListVersion.objects.filter(list__agency=agency).first()
        versions[code] = version or _draft(agency, size)
    _open_versions(120)
    return {code: version.pk for code, version in versions.items()}


def _agency(code: str):
    from agencies.models import Agency

    bureau = Agency.objects.filter(kind=Agency.Kind.JUSTICE).order_by("pk").first()
    name = "基准省汇总清单单位" if code == BIG else "基准市生态环境局"
    return Agency.objects.create(
        name=name, short_name=name[2:8], code=code, review_bureau=bureau, fields=["生态环境"]
    )


def _draft(agency, size: int):
    import random

    from django.contrib.auth import get_user_model

    from lists import workflow
    from lists.models import Item, ListSection, ListType
    from lists.services import renumber

    admin = get_user_model().objects.get(username=ADMIN)
    enforcement_list = workflow.create_list(
        agency, ListType.objects.get(code="no-penalty"), acting_user=admin
    )
    version = enforcement_list.versions.get()
    rows, rng = dataset.real_rows(), random.Random(size)
    sections = list(ListSection.objects.filter(list_type__code="no-penalty"))
    Item.objects.bulk_create(
        (
            Item(
                version=version,
                seq=n,
                section=rng.choice(sections),
                **{k: v for k, v in rng.choice(rows).items() if k != "implementing_body"},
                implementing_body=agency.name,
            )
            for n in range(1, size + 1)
        ),
        batch_size=2000,
    )
    renumber(version)
    return version


def _open_versions(count: int) -> None:
    """Revisions waiting in every state the index counts, last touched a year ago or more."""
    from django.contrib.auth import get_user_model

    from lists import workflow
    from lists.models import ListVersion

    have = ListVersion.objects.exclude(status__in=["published", "superseded"]).count()
    if have >= count + 2:
        return
    admin = get_user_model().objects.get(username=ADMIN)
    published = ListVersion.objects.filter(status="published").order_by("pk")[: count - have + 2]
    long_ago = datetime.datetime(2024, 3, 1, tzinfo=datetime.UTC)
    for index, version in enumerate(published):
        draft = workflow.start_revision(version.list, acting_user=admin)
        ListVersion.objects.filter(pk=draft.pk).update(
            updated_at=long_ago + datetime.timedelta(days=index)
        )


def serve() -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "x" * 60,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        # Plain HTTP on loopback: no redirect to https, cookies without the secure flag.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
    }
    subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "bench.search_wsgi", "--no-control-socket",
         "-b", f"127.0.0.1:{PORT}", "-w", "1", "--timeout", "600", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    import requests

    for _ in range(120):
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited (is port {PORT} in use?)")
        try:
            requests.get(BASE + "/bench-hello/", timeout=60)
            return server
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def login():
    import requests

    session = requests.Session()
    page = session.get(BASE + "/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    done = session.post(
        BASE + "/admin/login/?next=/admin/",
        data={"username": ADMIN, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": BASE + "/admin/login/"},
    )
    assert done.url.endswith("/admin/"), "login failed"
    return session


def timed(session, path: str, repeat: int) -> dict:
    session.get(BASE + path)  # warm-up
    timings, size = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        response = session.get(BASE + path)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{path}: HTTP {response.status_code}")
        size = len(response.content)
        gz = len(gzip.compress(response.content, 6))
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return {"p50_ms": statistics.median(timings), "p95_ms": p95, "bytes": size, "gzip_bytes": gz}


def timed_save(session, version_id: int, repeat: int) -> dict:
    """POST the 300-row draft as its page does, one cell changed each time (then changed back)."""
    from lists.models import Item, ListVersion

    version = ListVersion.objects.get(pk=version_id)
    path = f"/admin/lists/listversion/{version_id}/change/"
    page = session.get(BASE + path).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    items = list(version.items.order_by("seq"))
    timings = []
    for attempt in range(repeat + 1):
        data = _form(version, items, token)
        data["items-41-note"] = f"第{attempt}次核对" if attempt % 2 == 0 else ""
        start = time.perf_counter()
        response = session.post(
            BASE + path, data=data, headers={"Referer": BASE + path}, allow_redirects=False
        )
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 302:
            raise RuntimeError(f"save: HTTP {response.status_code}")
        if attempt:  # the first is a warm-up
            timings.append(elapsed)
    fields = len(_form(version, items, token))
    note = Item.objects.get(pk=items[41].pk).note
    return {"p50_ms": statistics.median(timings), "fields": fields, "last_note": note}


def _form(version, items, token: str) -> dict:
    from lists.models import Item

    data = {
        "csrfmiddlewaretoken": token,
        "change_summary": version.change_summary,
        "_continue": "保存",
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": str(len(items)),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
    }
    for index, item in enumerate(items):
        prefix = f"items-{index}-"
        data[prefix + "id"], data[prefix + "version"] = str(item.pk), str(version.pk)
        data[prefix + "section"] = str(item.section_id or "")
        for name in ("seq", *Item.CONTENT_FIELDS):
            data[prefix + name] = str(getattr(item, name))
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    dataset.use_database(DB)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DEBUG", "1")  # this process only builds data
    import django

    django.setup()
    dataset.ensure(1_000_000, agencies=2171)
    ids = prepare()
    server = serve()
    try:
        session = login()
        hello = timed(session, "/bench-hello/", 50)["p50_ms"]
        pages = {
            "versions_changelist": "/admin/lists/listversion/",
            "versions_search_shipin": "/admin/lists/listversion/?q=%E9%A3%9F%E5%93%81",
            "lists_changelist": "/admin/lists/enforcementlist/",
            "admin_index": "/admin/",
            "change_10000_page_1": f"/admin/lists/listversion/{ids[BIG]}/change/",
            "change_10000_page_17": f"/admin/lists/listversion/{ids[BIG]}/change/?page=17",
            "change_300": f"/admin/lists/listversion/{ids[MEDIUM]}/change/",
        }
        results = {"hello_p50_ms": hello}
        for name, path in pages.items():
            figures = timed(session, path, args.repeat)
            figures["ratio_to_hello"] = figures["p50_ms"] / hello
            results[name] = figures
        try:
            results["save_300"] = timed_save(session, ids[MEDIUM], args.repeat)
            results["save_300"]["ratio_to_hello"] = results["save_300"]["p50_ms"] / hello
        except RuntimeError as error:  # e.g. HTTP 400: more fields than the server accepts
            results["save_300"] = {"error": str(error)}
    finally:
        server.terminate()
        server.wait()
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
        return
    print(f"hello p50 {hello:.1f} ms; {args.repeat} requests per page after a warm-up")
    for name, f in results.items():
        if isinstance(f, dict) and "bytes" in f:
            print(f"{name:<24} p50 {f['p50_ms']:8.1f} ms  p95 {f['p95_ms']:8.1f} ms"
                  f"  {f['ratio_to_hello']:7.1f}× hello  {f['bytes'] / 1024:8.0f} KB"
                  f" ({f['gzip_bytes'] / 1024:.0f} KB gzip)")  # fmt: skip
    save = results["save_300"]
    if "error" in save:
        print(f"save of the 300-row draft: {save['error']}")
        return
    print(f"save of the 300-row draft (one cell changed, {save['fields']} fields posted): "
          f"p50 {save['p50_ms']:.1f} ms, {save['ratio_to_hello']:.1f}× hello")  # fmt: skip


if __name__ == "__main__":
    main()
