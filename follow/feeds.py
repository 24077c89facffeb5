"""Atom feeds of what changes on the public site: publication, revision, abolition, entry into force.

Publications and abolitions are read from the audit trail (`lists.Event`); entry into force is
computed from each version's 施行日期 at request time (no scheduler): a version published before its
施行日期 gets a second entry, dated that day at 00:00 Asia/Shanghai, once the day has come.
Each feed runs a fixed number of queries.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import feedgenerator, timezone
from django.utils.html import escape

from lists.in_force import chinese_date
from lists.models import Event, ListVersion

MAX_ENTRIES = 50


@dataclass(frozen=True)
class Entry:
    uid: str
    kind: str  # publish | revise | abolish | in_force
    title: str
    link: str
    at: datetime.datetime
    summary: str


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _tag(kind: str, pk: int) -> str:
    host = settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return f"tag:{host},2024:{kind}/{pk}"


def list_url(version: ListVersion) -> str:
    lst = version.list
    path = reverse("portal:list", args=[lst.agency.code, lst.list_type.code])
    return _absolute(f"{path}?version={version.number}")


def _name(version: ListVersion) -> str:
    return f"{version.list.agency.name}{version.list.list_type.name}（第{version.number}版）"


def describe(version: ListVersion) -> str:
    """文号, dates, reviewing authority and 修订说明 of a version, as plain lines."""
    lines = []
    if version.document_no:
        lines.append(f"文号：{version.document_no}")
    if version.effective_date:
        lines.append(f"施行日期：{chinese_date(version.effective_date)}")
    if version.published_at:
        lines.append(f"公布日期：{chinese_date(timezone.localdate(version.published_at))}")
    if version.review_authority:
        lines.append(f"经{version.review_authority}合法性审查")
    if version.change_summary:
        lines.append(f"修订说明：{version.change_summary}")
    return "\n".join(lines)


def _event_entry(event: Event) -> Entry:
    version = event.version
    if event.action == Event.Action.ABOLISH:
        kind, label = "abolish", "废止"
        summary = f"{version.list.agency.name}{version.list.list_type.name}已废止。" + (
            f"\n说明：{event.note}" if event.note else ""
        )
    else:
        kind, label = ("revise", "修订") if version.number > 1 else ("publish", "公布")
        summary = describe(version)
    return Entry(
        _tag(kind, event.pk),
        kind,
        f"【{label}】{_name(version)}",
        list_url(version),
        event.at,
        summary,
    )


def _in_force_entry(version: ListVersion) -> Entry:
    start = datetime.datetime.combine(version.effective_date, datetime.time.min)
    at = timezone.make_aware(start, timezone.get_default_timezone())
    return Entry(
        _tag("in-force", version.pk),
        "in_force",
        f"【施行】{_name(version)}自{chinese_date(version.effective_date)}起施行",
        list_url(version),
        at,
        describe(version),
    )


def today() -> datetime.date:
    """The date in Asia/Shanghai (a function, so tests can move the calendar)."""
    return timezone.localdate()


RELATED = ("list__agency", "list__list_type")


def entries(scope: Q | None = None, on: datetime.date | None = None) -> list[Entry]:
    """Newest first. `scope` filters versions (e.g. Q(list__agency__code="scjg"))."""
    on = on or today()
    versions = ListVersion.objects.published().filter(scope or Q())
    events = (
        Event.objects.filter(
            action__in=[Event.Action.PUBLISH, Event.Action.ABOLISH], version__in=versions
        )
        .select_related(*(f"version__{name}" for name in RELATED))
        .order_by("-at", "-pk")[:MAX_ENTRIES]
    )
    found = [_event_entry(event) for event in events]
    dated = versions.filter(effective_date__lte=on, published_at__isnull=False)
    for version in dated.select_related(*RELATED).order_by("-effective_date")[:MAX_ENTRIES]:
        # Published on or after its 施行日期: it entered into force on publication.
        if version.effective_date > timezone.localdate(version.published_at):
            found.append(_in_force_entry(version))
    found.sort(key=lambda entry: entry.at, reverse=True)
    return found[:MAX_ENTRIES]


def render(title: str, page_path: str, feed_path: str, found: list[Entry]) -> str:
    feed = feedgenerator.Atom1Feed(
        title=title,
        link=_absolute(page_path),
        description=title,
        feed_url=_absolute(feed_path),
        language="zh-CN",
        feed_guid=_absolute(feed_path),
        author_name="减免责清单公示平台",
    )
    for entry in found:
        feed.add_item(
            title=entry.title,
            link=entry.link,
            description=escape(entry.summary).replace("\n", "<br>"),
            unique_id=entry.uid,
            pubdate=entry.at,
            updateddate=entry.at,
            categories=[entry.kind],
        )
    return feed.writeString("utf-8")
