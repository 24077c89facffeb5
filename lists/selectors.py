"""Read-only queries for the public site and the open-data API.

Everything here starts from `ListVersion.objects.published()` (published or superseded): drafts,
submissions, returned and approved-but-unpublished versions can never leak through a selector.
Each function runs a fixed number of queries, whatever the number of rows.
"""

from collections import defaultdict
from uuid import UUID

from django.db.models import Count, F, Prefetch, Q, QuerySet

from agencies.models import Agency
from lists.models import EnforcementList, Item, ListType, ListVersion

Status = ListVersion.Status


def public_versions() -> QuerySet[ListVersion]:
    """Every version the public may read, with its list, agency and list type joined."""
    return ListVersion.objects.published().select_related("list__agency", "list__list_type")


def current_versions() -> QuerySet[ListVersion]:
    """The version in force of each list (abolished lists included: check `list.is_abolished`)."""
    return public_versions().filter(status=Status.PUBLISHED)


def public_items() -> QuerySet[Item]:
    """Items of every published or superseded version."""
    return Item.objects.published()


def current_items() -> QuerySet[Item]:
    """Items of the versions in force, of lists that are not abolished."""
    return Item.objects.filter(
        version__status=Status.PUBLISHED, version__list__abolished_at__isnull=True
    )


def version_items(version: ListVersion) -> QuerySet[Item]:
    """The rows of one public version in official order: by section (no-penalty lists), then 序号."""
    if not version.is_public:
        return Item.objects.none()
    return version.items.select_related("section").order_by(
        F("section__number").asc(nulls_last=True), "seq"
    )


def find_version(
    agency_code: str, list_type_code: str, number: int | None = None
) -> ListVersion | None:
    """The version in force of an agency's list, or its published version `number`.

    Without `number`, an abolished list answers with its last version in force, so that its page
    can say 已废止 instead of vanishing.
    """
    versions = public_versions().filter(
        list__agency__code=agency_code, list__list_type__code=list_type_code
    )
    if number is not None:
        return versions.filter(number=number).first()
    return versions.order_by("-number").first()


def version_history(enforcement_list: EnforcementList) -> QuerySet[ListVersion]:
    """Every published version of a list, newest first."""
    return public_versions().filter(list=enforcement_list).order_by("-number")


def public_agencies() -> QuerySet[Agency]:
    """Active agencies with the number of lists they have in force (justice bureaus too if any)."""
    in_force = Q(lists__versions__status=Status.PUBLISHED, lists__abolished_at__isnull=True)
    return (
        Agency.objects.filter(active=True)
        .annotate(list_count=Count("lists", filter=in_force, distinct=True))
        .filter(Q(list_count__gt=0) | ~Q(kind=Agency.Kind.JUSTICE))
        .order_by("order", "code")
    )


def agencies_by_field() -> list[tuple[str, list[Agency]]]:
    """Agencies grouped by 执法领域 (an agency with several fields appears under each)."""
    groups: dict[str, list[Agency]] = defaultdict(list)
    for agency in public_agencies():
        for field in agency.fields or ["其他"]:
            groups[field].append(agency)
    return sorted(groups.items(), key=lambda group: (group[0] == "其他", group[0]))


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
    """The version in force of each of this agency's lists (abolished lists included)."""
    return current_versions().filter(list__agency=agency).order_by("list__list_type__order")


def applicable_city_versions(agency: Agency) -> QuerySet[ListVersion]:
    """For a township: lists of city-level agencies, which 镇街 apply directly."""
    if agency.kind != Agency.Kind.TOWNSHIP:
        return ListVersion.objects.none()
    return (
        current_versions()
        .filter(list__agency__level=Agency.Level.CITY, list__abolished_at__isnull=True)
        .exclude(list__agency=agency)
        .order_by("list__agency__order", "list__agency__code", "list__list_type__order")
    )


def recent_versions(limit: int = 8) -> QuerySet[ListVersion]:
    """Lists most recently published or revised."""
    return (
        current_versions().filter(list__abolished_at__isnull=True).order_by("-published_at")[:limit]
    )


def list_type_stats() -> list[ListType]:
    """The list types, each annotated with `list_count` and `item_count` of lists in force."""
    in_force = Q(lists__versions__status=Status.PUBLISHED, lists__abolished_at__isnull=True)
    types = list(
        ListType.objects.annotate(list_count=Count("lists", filter=in_force)).order_by(
            "order", "code"
        )
    )
    items = dict(
        current_items()
        .values_list("version__list__list_type")
        .annotate(n=Count("pk"))
        .values_list("version__list__list_type", "n")
    )
    for list_type in types:
        list_type.item_count = items.get(list_type.pk, 0)
    return types


def item_by_key(key: UUID) -> Item | None:
    """An item as it stands in the version in force; failing that, its latest published form."""
    return (
        public_items()
        .filter(key=key)
        .select_related("version__list__agency", "version__list__list_type", "section")
        .order_by("version__status", "-version__number")  # "published" sorts before "superseded"
        .first()
    )


def agencies_with_versions() -> QuerySet[Agency]:
    """Agencies with their versions in force prefetched (one extra query), for directories."""
    return public_agencies().prefetch_related(
        Prefetch(
            "lists",
            queryset=EnforcementList.objects.filter(
                versions__status=Status.PUBLISHED, abolished_at__isnull=True
            ).select_related("list_type"),
            to_attr="lists_in_force",
        )
    )
