"""Read-only queries for the public site and the open-data API.

Everything here starts from `ListVersion.objects.published()` (published or superseded): drafts,
submissions, returned and approved-but-unpublished versions can never leak through a selector.
Each function runs a fixed number of queries, whatever the number of rows.
"""

from collections import defaultdict
from uuid import UUID

from django.db.models import (
    Case,
    Count,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from agencies.models import Agency
from lists.in_force import in_force_q, today, upcoming_q
from lists.models import EnforcementList, Item, ListType, ListVersion

Status = ListVersion.Status
# Search tokens (lists/search/tokens.py): as long as the text, and no page shows them.
SEARCH_COLUMNS = ("search_a", "search_b", "search_c")


def public_versions() -> QuerySet[ListVersion]:
    """Every version the public may read, with its list, agency and list type joined."""
    return ListVersion.objects.published().select_related("list__agency", "list__list_type")


def current_versions() -> QuerySet[ListVersion]:
    """The version in force today of each list (by 施行日期, lists.in_force): none for an
    abolished list, nor for a list whose first version is still waiting for its 施行日期."""
    return public_versions().in_force()


def upcoming_versions() -> QuerySet[ListVersion]:
    """Published versions whose 施行日期 is still ahead (已公布待施行)."""
    return public_versions().upcoming()


def public_items() -> QuerySet[Item]:
    """Items of every published or superseded version."""
    return Item.objects.published()


def current_items() -> QuerySet[Item]:
    """Items of the versions in force today (never of abolished lists, nor of upcoming versions)."""
    return Item.objects.in_force()


def version_items(version: ListVersion) -> QuerySet[Item]:
    """The rows of one public version in official order: by 序号, the number the reader sees
    (numbered in section order when it was submitted: lists.ordering)."""
    if not version.is_public:
        return Item.objects.none()
    return version.items.select_related("section").defer(*SEARCH_COLUMNS).order_by("seq")


def previous_version(version: ListVersion) -> ListVersion | None:
    """The public version of the same list published before `version` (what it replaced)."""
    return (
        public_versions()
        .filter(list=version.list_id, number__lt=version.number)
        .order_by("-number")
    ).first()


def version_changes(version: ListVersion, items: list[Item] | None = None) -> dict:
    """What `version` changed against the version before it, counted as the history page and the
    review page count (lists.diff): {"compared_with", "added", "removed", "changed", "moved"}.
    Three queries (two if `items`, the version's rows in 序号 order, are given)."""
    from lists.diff import diff_items

    previous = previous_version(version)
    # Always two queries, first version or not (public pages and the API count their queries).
    old = Item.objects.filter(version=previous).defer("search_a", "search_b", "search_c")
    old = list(old.select_related("section").order_by("seq"))
    new = items if items is not None else list(version_items(version))
    return {
        "compared_with": previous.number if previous is not None else None,
        **diff_items(old, new).counts,
    }


def find_version(
    agency_code: str, list_type_code: str, number: int | None = None
) -> ListVersion | None:
    """The version in force today of an agency's list, or its published version `number`.

    Without `number`, a list with nothing in force answers with its latest published version,
    whose page says why: 已废止, or 已公布待施行 for a list first published with a future
    施行日期 (never a 404, never an empty table).
    """
    versions = public_versions().filter(
        list__agency__code=agency_code, list__list_type__code=list_type_code
    )
    if number is not None:
        return versions.filter(number=number).first()
    return versions.order_by(in_force_first(), "-number").first()


def in_force_first(prefix: str = "") -> Case:
    """An ordering key: 0 for what is in force today, 1 for the rest."""
    return Case(
        When(in_force_q(today(), prefix), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )


def next_upcoming(enforcement_list: EnforcementList) -> ListVersion | None:
    """The published version of a list due to come into force next (已公布待施行), if any."""
    return upcoming_versions().filter(list=enforcement_list).order_by("effective_date").first()


def version_history(enforcement_list: EnforcementList) -> QuerySet[ListVersion]:
    """Every published version of a list, newest first."""
    return public_versions().filter(list=enforcement_list).order_by("-number")


def public_agencies() -> QuerySet[Agency]:
    """Active agencies with the number of lists they have in force (justice bureaus too if any)."""
    in_force = in_force_q(today(), "lists__versions__")
    return (
        Agency.objects.filter(active=True)
        .annotate(list_count=Count("lists", filter=in_force, distinct=True))
        .filter(Q(list_count__gt=0) | ~Q(kind=Agency.Kind.JUSTICE))
        .order_by("order", "code")
    )


def agencies_by_field(per_field: int | None = None) -> list[tuple[str, list[Agency], int]]:
    """Agencies grouped by 执法领域 (an agency with several fields appears under each):
    (field, the first `per_field` agencies in order, how many there are)."""
    groups: dict[str, list[Agency]] = defaultdict(list)
    for agency in public_agencies():
        for field in agency.fields or ["其他"]:
            groups[field].append(agency)
    ordered = sorted(groups.items(), key=lambda group: (group[0] == "其他", group[0]))
    return [(field, agencies[:per_field], len(agencies)) for field, agencies in ordered]


def _agency_fields() -> list[tuple[int, list[str]]]:
    # JSON containment is not portable (SQLite) and agencies are a few thousand: one query.
    return [(pk, fields or []) for pk, fields in Agency.objects.values_list("pk", "fields")]


def all_fields() -> list[str]:
    """Every 执法领域 tag in use, sorted, for search filters."""
    return sorted(
        {
            field
            for fields in Agency.objects.values_list("fields", flat=True)
            for field in fields or []
        }
    )


def agency_versions(agency: Agency) -> QuerySet[ListVersion]:
    """Each of this agency's lists as the public sees it today: the version in force, the one
    已公布待施行 (if any), and an abolished list's last version. Read `version.public_state`."""
    day = today()
    shown = (
        in_force_q(day)
        | upcoming_q(day)
        | Q(status=Status.PUBLISHED, list__abolished_at__isnull=False)
    )
    return (
        public_versions()
        .filter(shown, list__agency=agency)
        .order_by("list__list_type__order", "list__list_type__code", "number")
    )


def applicable_city_versions(agency: Agency) -> QuerySet[ListVersion]:
    """For a township: lists of city-level agencies, which 镇街 apply directly."""
    if agency.kind != Agency.Kind.TOWNSHIP:
        return ListVersion.objects.none()
    return (
        current_versions()
        .filter(list__agency__level=Agency.Level.CITY)
        .exclude(list__agency=agency)
        .order_by("list__agency__order", "list__agency__code", "list__list_type__order")
    )


def recent_versions(limit: int = 8) -> QuerySet[ListVersion]:
    """Lists most recently published or revised: in force, or 已公布待施行 (read its
    `public_state`)."""
    day = today()
    return (
        public_versions()
        .filter(in_force_q(day) | upcoming_q(day))
        .order_by("-published_at")[:limit]
    )


def list_type_stats() -> list[ListType]:
    """The list types, each annotated with `list_count` and `item_count` of lists in force.

    Adds up `ListVersion.item_count` (written once at publication) over the versions in force:
    work proportional to the lists, never a count over every item."""
    in_force = in_force_q(today(), "lists__versions__")
    return list(
        ListType.objects.annotate(
            list_count=Count("lists", filter=in_force),
            item_count=Coalesce(Sum("lists__versions__item_count", filter=in_force), 0),
        ).order_by("order", "code")
    )


def item_by_key(key: UUID) -> Item | None:
    """An item as it stands in the version in force today; failing that, its latest published
    form (superseded, abolished, or 已公布待施行: the page says which)."""
    return (
        public_items()
        .filter(key=key)
        .select_related("version__list__agency", "version__list__list_type", "section")
        .order_by(in_force_first("version__"), "-version__number")
        .first()
    )


def agencies_with_versions(field: str = "", name: str = "") -> QuerySet[Agency]:
    """Agencies with their versions in force prefetched (one extra query per page of them),
    for the directory; `field` (执法领域) and `name` (part of the name) narrow it."""
    agencies = public_agencies()
    if field:
        agencies = agencies.filter(pk__in=[pk for pk, f in _agency_fields() if field in f])
    if name:
        agencies = agencies.filter(Q(name__contains=name) | Q(short_name__contains=name))
    return agencies.prefetch_related(
        Prefetch(
            "lists",
            queryset=EnforcementList.objects.filter(
                in_force_q(today(), "versions__")
            ).select_related("list_type"),
            to_attr="lists_in_force",
        )
    )
