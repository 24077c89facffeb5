"""Open-data endpoints: everything published, nothing else, read-only.

Every queryset starts from published data (`ListVersion.objects.published()`); drafts and
versions under review, returned, or approved but not yet published never match, so they answer
404 exactly like a missing id.
"""

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.views import APIView

from agencies.models import Agency
from lists.api.base import LONG_MAX_AGE, OpenDataMixin, public_events
from lists.api.errors import BilingualFilterBackend
from lists.api.filters import ChangeFilter, EnforcementListFilter, ItemFilter
from lists.api.pagination import (
    ChangePagination,
    ItemKeysetPagination,
    ListPagination,
    SearchPagination,
)
from lists.api.serializers import (
    AgencySerializer,
    ChangeSerializer,
    EnforcementListSerializer,
    ItemDetailSerializer,
    ItemResultSerializer,
    ListTypeSerializer,
    VersionDetailSerializer,
)
from lists.in_force import start_of, today
from lists.models import EnforcementList, Item, ListType, ListVersion
from lists.selectors import SEARCH_COLUMNS, in_force_first, version_items

SLUG = r"[-a-zA-Z0-9_]+"
# Ids beyond the database's integer range would be a server error, not a 404.
ID = r"[0-9]{1,18}"
UUID = r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"

ITEM_RELATIONS = ("section", "version__list__agency", "version__list__list_type")


def has_public_version(list_path: str = "pk"):
    return Exists(ListVersion.objects.published().filter(list=OuterRef(list_path)))


class AgencyViewSet(OpenDataMixin, viewsets.ReadOnlyModelViewSet):
    """执法单位及司法行政部门：上级单位、层级、执法领域、审查机关。分页（每页 100 个，page_size 最多 500）。"""

    serializer_class = AgencySerializer
    lookup_field = "code"
    lookup_value_regex = SLUG
    # A province has thousands: pages of 100 (page_size up to 500), as the lists endpoint.
    pagination_class = ListPagination

    def get_queryset(self):
        # Active agencies, and any agency whose published lists are still on record.
        published_here = Exists(ListVersion.objects.published().filter(list__agency=OuterRef("pk")))
        return (
            Agency.objects.filter(Q(active=True) | published_here)
            .select_related("parent", "review_bureau")
            .order_by("order", "code")
        )


class ListTypeViewSet(OpenDataMixin, viewsets.ReadOnlyModelViewSet):
    """清单类型（不予处罚、从轻处罚、减轻处罚、免予行政强制）及其分节。"""

    serializer_class = ListTypeSerializer
    lookup_field = "code"
    lookup_value_regex = SLUG
    queryset = ListType.objects.prefetch_related("sections").order_by("order", "code")


class EnforcementListViewSet(OpenDataMixin, viewsets.ReadOnlyModelViewSet):
    """已公布的清单（至少有一个已发布版本），含全部已公布版本。

    current_version 是按施行日期今天现行有效的版本；施行日期未到的版本在 upcoming_version，
    不替代现行版本。status=current 只列出今天有现行有效版本的清单。"""

    serializer_class = EnforcementListSerializer
    lookup_value_regex = ID
    filter_backends = [BilingualFilterBackend]
    filterset_class = EnforcementListFilter
    pagination_class = ListPagination

    def get_queryset(self):
        versions = ListVersion.objects.published().order_by("-number")
        return (
            EnforcementList.objects.filter(has_public_version())
            .select_related("agency", "list_type")
            .prefetch_related(Prefetch("versions", queryset=versions, to_attr="public_versions"))
            .order_by("agency__order", "agency__code", "list_type__order", "list_type__code")
        )

    def get_object(self):
        if not hasattr(self, "_list"):
            self._list = super().get_object()
        return self._list

    def get_validators(self):
        if self.action != "retrieve":
            return super().get_validators()
        enforcement_list = self.get_object()
        stamps = [v.published_at for v in enforcement_list.public_versions]
        stamps.append(enforcement_list.abolished_at)
        # Its current version changes on a 施行日期, with no write to mark it.
        day = today()
        stamps += [
            start_of(v.effective_date)
            for v in enforcement_list.public_versions
            if v.effective_date and v.effective_date <= day
        ]
        return None, max(stamp for stamp in stamps if stamp is not None)


class VersionViewSet(OpenDataMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """已公布的版本（现行或历史）：文号、施行日期、修订说明及全部事项。版本一经发布不再改变。"""

    serializer_class = VersionDetailSerializer
    lookup_value_regex = ID
    max_age = LONG_MAX_AGE

    def get_queryset(self):
        return ListVersion.objects.published().select_related("list__agency", "list__list_type")

    def get_object(self):
        if not hasattr(self, "_version"):
            self._version = super().get_object()
        return self._version

    def get_validators(self):
        version = self.get_object()
        return (
            f'"version-{version.pk}-{version.published_at.timestamp():.6f}"',
            version.published_at,
        )

    def retrieve(self, request, *args, **kwargs):
        if (answer := self.not_modified(request)) is not None:
            return answer
        version = self.get_object()
        version.public_items = list(version_items(version))
        return super().retrieve(request, *args, **kwargs)


class VersionFileView(OpenDataMixin, APIView):
    """一个已公布版本的事项表，官方表格格式（与公示网站下载的文件相同）。"""

    max_age = LONG_MAX_AGE
    cache_documents = False
    format_name = ""
    content_type = ""

    def get_version(self) -> ListVersion:
        if not hasattr(self, "_version"):
            self._version = get_object_or_404(
                ListVersion.objects.published().select_related("list__agency", "list__list_type"),
                pk=self.kwargs["pk"],
            )
        return self._version

    def get_validators(self):
        version = self.get_version()
        stamp = f"{version.published_at.timestamp():.6f}"
        return f'"version-{version.pk}-{stamp}-{self.format_name}"', version.published_at

    def get(self, request, pk):
        if (answer := self.not_modified(request)) is not None:
            return answer
        from lists import export_files

        version = self.get_version()
        filename = f"{version.list.agency.code}-{version.list.list_type.code}-v{version.number}"
        return export_files.response(
            version, self.format_name, self.content_type, f"{filename}.{self.format_name}"
        )


@extend_schema(responses={(200, "text/csv"): OpenApiTypes.BINARY})
class VersionCsvView(VersionFileView):
    format_name = "csv"
    content_type = "text/csv; charset=utf-8"


@extend_schema(
    responses={
        (
            200,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ): OpenApiTypes.BINARY
    }
)
class VersionXlsxView(VersionFileView):
    format_name = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ItemViewSet(OpenDataMixin, viewsets.ReadOnlyModelViewSet):
    """现行有效清单中的事项：检索（q，一两个字亦可）与筛选；按事项标识（key）查询。

    不带 q 时分页按（清单、事项标识）键集进行：翻页期间有新版本发布，也不会重复或遗漏前后都在
    的事项。带 q 时与网站检索相同：理解日常说法（同义词、繁简、拼音），按相关度排序，最多返回
    相关度最高的 100 条。
    """

    lookup_field = "key"
    lookup_value_regex = UUID
    filter_backends = [BilingualFilterBackend]
    filterset_class = ItemFilter
    pagination_class = ItemKeysetPagination

    def get_serializer_class(self):
        return ItemDetailSerializer if self.action == "retrieve" else ItemResultSerializer

    @property
    def paginator(self):
        if not hasattr(self, "_paginator"):
            searching = bool((self.request.query_params.get("q") or "").strip())
            self._paginator = SearchPagination() if searching else ItemKeysetPagination()
        return self._paginator

    def get_queryset(self):
        return Item.objects.published().select_related(*ITEM_RELATIONS)

    def filter_queryset(self, queryset):
        found = super().filter_queryset(queryset).select_related(*ITEM_RELATIONS)
        return found.defer(*SEARCH_COLUMNS)

    def get_object(self):
        """The item in the current version; if no longer there, in its latest published one."""
        item = (
            self.get_queryset()
            .filter(key=self.kwargs["key"])
            .order_by(in_force_first("version__"), "-version__published_at", "pk")
            .first()
        )
        if item is None:
            raise Http404
        return item


class ChangeViewSet(OpenDataMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """变动记录：发布、施行（按施行日期记时）、被新版本替代、废止，新的在前。

    发布与施行是两条记录：施行日期在后的版本，其“施行”和上一版本的“被新版本替代”在施行日期当天出现。"""

    serializer_class = ChangeSerializer
    filter_backends = [BilingualFilterBackend]
    filterset_class = ChangeFilter
    pagination_class = ChangePagination

    def get_queryset(self):
        return (
            public_events()
            .filter(
                version__status__in=ListVersion.PUBLIC_STATUSES,
            )
            .select_related("version__list__agency", "version__list__list_type")
        )
