"""What a public list URL shows today, resolved in one query and cached.

`/agencies/<code>/<list-type>/` (and `?version=N`) names one published version; what its page
shows also depends on the list's other versions (修订预告, the link to the version in force) and
on today's date (施行日期). `resolve()` reads every public version of the list at once and
returns a `ListRoute`: the version to show, the version in force and the one due, a signature of
everything the page shows, and the next day on which the answer changes by date alone.

The route is cached under the publication generation (lists.generation), which every write
that changes public data moves; the effective-date state needs no key of its own because a
cached route is used only before its `valid_until`. The signature keys the rendered page
(portal.page_cache) and its ETag, so a publication elsewhere costs one route query here, and
the page itself stays cached while nothing it shows has changed.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from lists import generation, in_force, public_cache
from lists.models import ListVersion

ROUTE_TTL = 3600
UPCOMING_FIELDS = ("number", "published_at", "effective_date")
MISSING = "missing"


@dataclass(frozen=True)
class ListRoute:
    version_id: int
    number: int
    current: dict | None  # {number} of the version in force today, when it is not this one
    upcoming: dict | None  # {number, published_at, effective_date} of the version due next
    signature: str
    last_modified: datetime
    valid_until: date | None


def _list_versions(code: str, list_type: str) -> list[ListVersion]:
    return list(
        ListVersion.objects.published()
        .filter(list__agency__code=code, list__list_type__code=list_type)
        .select_related("list__agency", "list__list_type")
        .order_by("-number")
    )


def _is(version: ListVersion, on: date, code: str) -> bool:
    state = version.state_on(on)
    return state is not None and state.code == code


def _pick(versions: list[ListVersion], number: int | None, on: date) -> ListVersion | None:
    if number is not None:
        return next((v for v in versions if v.number == number), None)
    # The version in force; else the latest, whose page says why (已废止 / 已公布待施行).
    return next((v for v in versions if _is(v, on, in_force.IN_FORCE)), None) or (
        versions[0] if versions else None
    )


def _dates(versions: list[ListVersion]) -> list[date]:
    return sorted({d for v in versions for d in (v.effective_date, v.in_force_until) if d})


def build(versions: list[ListVersion], number: int | None, on: date) -> ListRoute | None:
    """The route of a list's public `versions` (newest first) on day `on`."""
    shown = _pick(versions, number, on)
    if shown is None:
        return None
    in_force_now = next((v for v in versions if _is(v, on, in_force.IN_FORCE)), None)
    upcoming = sorted(
        (v for v in versions if _is(v, on, in_force.UPCOMING)), key=lambda v: v.effective_date
    )
    state = shown.state_on(on) or in_force.VersionState("", "", "")
    current = in_force_now if in_force_now and in_force_now != shown else None
    due = upcoming[0] if upcoming and state.is_in_force else None
    dates = _dates(versions)
    epoch = max((d for d in dates if d <= on), default=None)
    agency, list_type = shown.list.agency, shown.list.list_type
    parts = [
        shown.pk, shown.status, shown.updated_at.isoformat(), state.code, state.detail,
        current and current.pk, due and due.pk, shown.list.abolished_at, agency.name, agency.display_name,
        list_type.name, list_type.item_label, list_type.condition_label, epoch,
    ]  # fmt: skip
    stamps = [shown.updated_at, shown.published_at, shown.list.abolished_at]
    stamps += [in_force.start_of(d) for d in dates if d <= on]
    return ListRoute(
        version_id=shown.pk,
        number=shown.number,
        current={"number": current.number} if current else None,
        upcoming={f: getattr(due, f) for f in UPCOMING_FIELDS} if due else None,
        signature=hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()[:20],
        last_modified=max(stamp for stamp in stamps if stamp is not None),
        valid_until=min((d for d in dates if d > on), default=None),
    )


def _key(code: str, list_type: str, number: int | None) -> str:
    return f"route:{generation.current()}:{code}:{list_type}:{number or ''}"


def _usable(cached, today: date):
    if cached is not None and cached != MISSING:
        return cached if cached.valid_until is None or today < cached.valid_until else None
    return cached


def resolve(code: str, list_type: str, number: int | None = None) -> ListRoute | None:
    """The route of a list URL today (None: nothing published there), cached."""
    today = in_force.today()
    key = _key(code, list_type, number)
    cached = _usable(public_cache.get(key, immutable=True), today)
    if cached is not None:
        return None if cached == MISSING else cached
    route = build(_list_versions(code, list_type), number, today)
    public_cache.set(key, route or MISSING, ROUTE_TTL, immutable=True)
    return route


def cached(code: str, list_type: str, number: int | None = None) -> ListRoute | None:
    """The route of a list URL if it is in the cache and still valid today, else None: never
    a database query (the 304 path, portal.middleware.NotModifiedMiddleware)."""
    route = _usable(
        public_cache.get(_key(code, list_type, number), immutable=True), in_force.today()
    )
    return None if route == MISSING else route


def load(route: ListRoute) -> ListVersion:
    """The version a route shows, for rendering its page on a cache miss."""
    return ListVersion.objects.select_related("list__agency", "list__list_type").get(
        pk=route.version_id
    )
