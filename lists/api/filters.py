"""Query-string filters of the open-data API (django-filter).

Codes, not ids, select agencies and list types: they are what appears in public URLs.
"""

from datetime import UTC, datetime

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from agencies.models import Agency
from lists.api.list_status import ABOLISHED, CURRENT, LIST_STATUS_HELP, UPCOMING
from lists.models import EnforcementList, Event, Item, ListType, ListVersion

PUBLIC_STATUSES = ListVersion.PUBLIC_STATUSES

UNKNOWN_LIST_TYPE = "没有“{value}”这种清单类型，可用的代码：{known}。Unknown list type “{value}”; known codes: {known}."
UNKNOWN_AGENCY = (
    "没有代码为“{value}”的单位，单位代码见 /api/v1/agencies/。"
    "Unknown agency code “{value}”; see /api/v1/agencies/ for the codes."
)
UNKNOWN_FIELD = (
    "没有单位属于“{value}”这个执法领域，可用的有：{known}。"
    "No agency works in the field “{value}”; known fields: {known}."
)


def _list_type(value: str) -> tuple[bool, str]:
    codes = list(ListType.objects.values_list("code", flat=True))
    return value in codes, "、".join(codes)


def _agency(value: str) -> tuple[bool, str]:
    # A province has thousands of agencies: the message points to their directory instead.
    return Agency.objects.filter(code=value, active=True).exists(), ""


def _field(value: str) -> tuple[bool, str]:
    fields = sorted(
        {tag for tags in Agency.objects.values_list("fields", flat=True) for tag in tags}
    )
    return value in fields, "、".join(fields)


class KnownValueField(forms.CharField):
    """A value that must name something that exists: an unknown one is a 400, not an empty list."""

    def __init__(self, *args, check, message, **kwargs):
        self.check, self.message = check, message
        super().__init__(*args, **kwargs)

    def validate(self, value):
        super().validate(value)
        if value:
            found, known = self.check(value)
            if not found:
                raise forms.ValidationError(
                    self.message.format(value=value, known=known), code="unknown"
                )


class KnownValueFilter(django_filters.CharFilter):
    field_class = KnownValueField


def list_type_filter(**kwargs) -> KnownValueFilter:
    return KnownValueFilter(check=_list_type, message=UNKNOWN_LIST_TYPE, **kwargs)


def agency_filter(**kwargs) -> KnownValueFilter:
    return KnownValueFilter(check=_agency, message=UNKNOWN_AGENCY, **kwargs)


def field_filter(**kwargs) -> KnownValueFilter:
    return KnownValueFilter(check=_field, message=UNKNOWN_FIELD, **kwargs)


def agency_ids_in_field(field: str) -> list[int]:
    """Agencies tagged with an enforcement field. JSON `contains` is not portable (SQLite), and
    agencies are few: one query, filtered here."""
    return [pk for pk, fields in Agency.objects.values_list("pk", "fields") if field in fields]


class EnforcementListFilter(django_filters.FilterSet):
    agency = agency_filter(field_name="agency__code", help_text="单位代码，如 scjg")
    list_type = list_type_filter(
        field_name="list_type__code", help_text="清单类型代码，如 no-penalty"
    )
    field = field_filter(method="filter_field", help_text="执法领域，如 市场监管")
    status = django_filters.ChoiceFilter(
        choices=[(CURRENT, "现行有效"), (UPCOMING, "已公布待施行"), (ABOLISHED, "已废止")],
        method="filter_status",
        help_text=LIST_STATUS_HELP,
    )

    class Meta:
        model = EnforcementList
        fields = ["agency", "list_type", "field", "status"]

    def filter_field(self, queryset, name, value):
        return queryset.filter(agency_id__in=agency_ids_in_field(value))

    def filter_status(self, queryset, name, value):
        # The same rule as the `status` field (lists.api.list_status), by 施行日期 today.
        if value == ABOLISHED:
            return queryset.filter(abolished_at__isnull=False)
        in_force = Exists(ListVersion.objects.in_force().filter(list=OuterRef("pk")))
        return queryset.filter(
            in_force if value == CURRENT else ~in_force, abolished_at__isnull=True
        )


class ItemFilter(django_filters.FilterSet):
    """list_type, agency and field select the items in force as the public site's search does
    (lists.search.scope); law narrows them; q is matched and ranked by the search pagination
    (lists.api.pagination.SearchPagination), through lists.search like the search page."""

    q = django_filters.CharFilter(method="filter_noop", help_text="关键词（一个字起即可检索）")
    list_type = list_type_filter(method="filter_noop", help_text="清单类型代码")
    agency = agency_filter(method="filter_noop", help_text="单位代码")
    field = field_filter(method="filter_noop", help_text="执法领域")
    law = django_filters.CharFilter(
        method="filter_law", help_text="法律依据或从宽依据中包含的文字，如 行政处罚法"
    )

    class Meta:
        model = Item
        fields = ["q", "list_type", "agency", "field", "law"]

    def filter_noop(self, queryset, name, value):
        return queryset

    def filter_law(self, queryset, name, value):
        return queryset.filter(Q(legal_basis__icontains=value) | Q(leniency_basis__icontains=value))

    def filter_queryset(self, queryset):
        from lists.search import scope

        data = self.form.cleaned_data
        found, _ = scope(
            list_type=data.get("list_type") or None,
            agency=data.get("agency") or None,
            field=data.get("field") or None,
        )
        # scope() covers published items only; the API guarantees it whatever it becomes.
        return super().filter_queryset(found.filter(version__status__in=PUBLIC_STATUSES))


class ChangeFilter(django_filters.FilterSet):
    since = django_filters.IsoDateTimeFilter(
        method="filter_since",
        help_text="ISO 8601 时间（含），如 2025-01-01T00:00:00+08:00",
    )
    agency = agency_filter(field_name="version__list__agency__code", help_text="单位代码")
    list_type = list_type_filter(
        field_name="version__list__list_type__code", help_text="清单类型代码"
    )
    action = django_filters.ChoiceFilter(
        choices=[
            ("publish", "发布"),
            ("in_force", "施行"),
            ("supersede", "被新版本替代"),
            ("abolish", "废止"),
        ],
        help_text="变动类型",
    )

    class Meta:
        model = Event
        fields = ["since", "agency", "list_type", "action"]

    def filter_since(self, queryset, name, value):
        # In UTC: PostgreSQL refuses offsets such as +18:52 that ISO 8601 parsing accepts.
        try:
            value = value.astimezone(UTC)
        except OverflowError:  # year 1 or 9999 pushed past the calendar by its offset
            value = (datetime.min if value.year == 1 else datetime.max).replace(tzinfo=UTC)
        return queryset.filter(at__gte=value)
