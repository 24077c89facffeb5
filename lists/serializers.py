"""Open-data serializers: published content only, no people, no review internals.

Querysets are prepared by the views (select_related / prefetch_related) so that every field
here reads loaded attributes: the number of SQL queries per endpoint does not grow with rows.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from agencies.models import Agency
from lists.models import EnforcementList, Event, Item, ListSection, ListType, ListVersion
from lists.selectors import version_changes

CURRENT, UPCOMING, ABOLISHED = "current", "upcoming", "abolished"
LIST_STATUS_LABELS = {CURRENT: "现行有效", UPCOMING: "已公布待施行", ABOLISHED: "已废止"}
LIST_STATUS_HELP = (
    "current 现行有效（今天有施行中的版本）/ upcoming 已公布待施行（首个版本尚未到施行日期）"
    "/ abolished 已废止"
)
STATE_HELP = (
    "按施行日期计算的今日状态：in_force 现行有效 / upcoming 已公布待施行 / "
    "superseded 已被修订 / abolished 已废止"
)


def _url(serializer, name: str, *args) -> str:
    return reverse(name, args=args, request=serializer.context.get("request"))


class AgencyRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["code", "name", "short_name"]


class AgencySerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", help_text="单位类型名称")
    level_display = serializers.CharField(source="get_level_display", help_text="层级名称")
    parent = AgencyRefSerializer(allow_null=True, help_text="上级单位")
    review_bureau = AgencyRefSerializer(allow_null=True, help_text="负责合法性审查的司法行政部门")
    fields = serializers.ListField(child=serializers.CharField(), help_text="执法领域")
    url = serializers.SerializerMethodField(help_text="本接口地址")
    lists_url = serializers.SerializerMethodField(help_text="本单位已公布清单的接口地址")

    class Meta:
        model = Agency
        fields = [
            "code",
            "name",
            "short_name",
            "kind",
            "kind_display",
            "level",
            "level_display",
            "parent",
            "review_bureau",
            "fields",
            "active",
            "url",
            "lists_url",
        ]

    def get_url(self, agency) -> str:
        return _url(self, "api:agency-detail", agency.code)

    def get_lists_url(self, agency) -> str:
        return f"{_url(self, 'api:list-list')}?agency={agency.code}"


class SectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ListSection
        fields = ["number", "title"]


class ListTypeRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = ListType
        fields = ["code", "name", "short_name"]


class ListTypeSerializer(serializers.ModelSerializer):
    sections = SectionSerializer(many=True, help_text="分节（如不予处罚清单的三类情形）")

    class Meta:
        model = ListType
        fields = [
            "code",
            "name",
            "short_name",
            "item_label",
            "condition_label",
            "leniency_basis_label",
            "description",
            "exclusion_rule_applies",
            "sections",
        ]


class VersionSummarySerializer(serializers.ModelSerializer):
    """A published version as listed under its list. `state` is today's public state, decided
    by the 施行日期; `status` is the workflow's (published = latest publication)."""

    status_display = serializers.CharField(source="get_status_display", help_text="状态名称")
    state = serializers.CharField(source="public_state.code", help_text=STATE_HELP)
    state_display = serializers.CharField(
        source="public_state.detail", help_text="今日状态，如“已公布，2027年1月1日起施行”"
    )
    url = serializers.SerializerMethodField(help_text="版本详情（含事项）接口地址")

    class Meta:
        model = ListVersion
        fields = [
            "id",
            "number",
            "status",
            "status_display",
            "state",
            "state_display",
            "document_no",
            "effective_date",
            "in_force_until",
            "published_at",
            "review_authority",
            "reviewed_at",
            "change_summary",
            "url",
        ]
        extra_kwargs = {
            "review_authority": {"help_text": "作出合法性审查的机关（审查通过时的名称）"},
            "reviewed_at": {"help_text": "审查通过的时间"},
        }

    def get_url(self, version) -> str:
        return _url(self, "api:version-detail", version.pk)


def list_status(enforcement_list: EnforcementList, versions=None) -> str:
    """current if a version is in force today; else abolished, or upcoming (a list first
    published with a future 施行日期). `versions`: its public versions, if already loaded."""
    if enforcement_list.is_abolished:
        return ABOLISHED
    if versions is None:
        versions = ListVersion.objects.in_force().filter(list=enforcement_list)
        return CURRENT if versions.exists() else UPCOMING
    return CURRENT if any(v.public_state.is_in_force for v in versions) else UPCOMING


class ListRefSerializer(serializers.ModelSerializer):
    agency = AgencyRefSerializer()
    list_type = ListTypeRefSerializer()
    url = serializers.SerializerMethodField(help_text="清单接口地址")

    class Meta:
        model = EnforcementList
        fields = ["id", "agency", "list_type", "url"]

    def get_url(self, enforcement_list) -> str:
        return _url(self, "api:list-detail", enforcement_list.pk)


class EnforcementListSerializer(ListRefSerializer):
    status = serializers.SerializerMethodField(help_text=LIST_STATUS_HELP)
    status_display = serializers.SerializerMethodField(help_text="现行有效 / 已公布待施行 / 已废止")
    current_version = serializers.SerializerMethodField(
        help_text="今天现行有效的版本（按施行日期；已废止或尚未施行时为空）"
    )
    upcoming_version = serializers.SerializerMethodField(
        help_text="已公布、施行日期未到的版本（没有时为空）"
    )
    versions = VersionSummarySerializer(
        source="public_versions", many=True, help_text="全部已公布版本，新版本在前"
    )

    class Meta(ListRefSerializer.Meta):
        fields = [
            *ListRefSerializer.Meta.fields,
            "status",
            "status_display",
            "abolished_at",
            "current_version",
            "upcoming_version",
            "versions",
        ]

    def get_status(self, enforcement_list) -> str:
        return list_status(enforcement_list, enforcement_list.public_versions)

    def get_status_display(self, enforcement_list) -> str:
        return LIST_STATUS_LABELS[self.get_status(enforcement_list)]

    def _first(self, enforcement_list, predicate):
        # public_versions is newest first; the next version to come into force is the oldest.
        for version in reversed(enforcement_list.public_versions):
            if predicate(version.public_state):
                return VersionSummarySerializer(version, context=self.context).data
        return None

    @extend_schema_field(VersionSummarySerializer(allow_null=True))
    def get_current_version(self, enforcement_list):
        return self._first(enforcement_list, lambda state: state.is_in_force)

    @extend_schema_field(VersionSummarySerializer(allow_null=True))
    def get_upcoming_version(self, enforcement_list):
        return self._first(enforcement_list, lambda state: state.is_upcoming)


class ItemSerializer(serializers.ModelSerializer):
    section = SectionSerializer(allow_null=True, help_text="分节，无分节时为空")
    extra = serializers.DictField(help_text="原表中的其他列，键为原列名")

    class Meta:
        model = Item
        fields = ["key", "seq", "section", *Item.CONTENT_FIELDS, "extra"]


class VersionDetailSerializer(serializers.ModelSerializer):
    """A published version exactly as published. Immutable, so cacheable for a long time:
    whether it is still in force is on its list (`list.url`), not here."""

    list = ListRefSerializer()
    item_count = serializers.SerializerMethodField(help_text="事项数")
    items = ItemSerializer(source="public_items", many=True)
    changes = serializers.SerializerMethodField(
        help_text="与上一个已公布版本（compared_with，版本号；首个版本为空）相比：新增 added、删除 "
        "removed、修改 changed、仅调整顺序 moved 的事项数，与修订历史页、审查页的统计相同"
    )
    downloads = serializers.SerializerMethodField(help_text="官方表格格式下载地址（csv、xlsx）")

    class Meta:
        model = ListVersion
        fields = [
            "id",
            "number",
            "document_no",
            "effective_date",
            "published_at",
            "change_summary",
            "list",
            "item_count",
            "changes",
            "downloads",
            "items",
        ]

    def get_item_count(self, version) -> int:
        return len(version.public_items)

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField(allow_null=True)))
    def get_changes(self, version) -> dict:
        return version_changes(version, version.public_items)

    @extend_schema_field(serializers.DictField(child=serializers.URLField()))
    def get_downloads(self, version):
        return {
            "csv": _url(self, "api:version-items-csv", version.pk),
            "xlsx": _url(self, "api:version-items-xlsx", version.pk),
        }


class VersionRefSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="版本详情接口地址")

    class Meta:
        model = ListVersion
        fields = ["id", "number", "document_no", "effective_date", "published_at", "url"]

    def get_url(self, version) -> str:
        return _url(self, "api:version-detail", version.pk)


class ItemResultListSerializer(serializers.ListSerializer):
    """A page of found items, as ItemResultSerializer writes each one, in a fraction of the
    time: the parts every item of a version shares (its list, agency, version, section) are
    written once per page by the same serializers, the item's own fields directly, and the
    URL is reversed once. tests/test_api.py compares the two outputs."""

    def to_representation(self, data):
        if type(self.child) is not ItemResultSerializer:
            return super().to_representation(data)
        items = data.all() if hasattr(data, "all") else data
        shared: dict = {}
        url = _url(self.child, "api:item-detail", ZERO_KEY).replace(ZERO_KEY, "{}")
        return [self._item(item, shared, url) for item in items]

    def _item(self, item, shared: dict, url: str) -> dict:
        context = self.child.context
        version = item.version
        if ("v", version.pk) not in shared:
            if "refs" not in shared:  # one serializer of each, its fields built once per page
                shared["refs"] = (
                    ListRefSerializer(context=context),
                    VersionRefSerializer(context=context),
                )
            list_ref, version_ref = shared["refs"]
            shared["v", version.pk] = (
                list_ref.to_representation(version.list),
                version_ref.to_representation(version),
            )
        if ("s", item.section_id) not in shared:
            shared["s", item.section_id] = (
                {"number": item.section.number, "title": item.section.title}
                if item.section_id
                else None
            )
        row = {"key": str(item.key), "seq": item.seq, "section": shared["s", item.section_id]}
        for name in Item.CONTENT_FIELDS:
            row[name] = getattr(item, name)
        row["extra"] = item.extra
        row["list"], row["version"] = shared["v", version.pk]
        row["url"] = url.format(item.key)
        return row


ZERO_KEY = "00000000-0000-0000-0000-000000000000"


class ItemResultSerializer(ItemSerializer):
    """An item found by search, with where it comes from."""

    list = ListRefSerializer(source="version.list")
    version = VersionRefSerializer()
    url = serializers.SerializerMethodField(help_text="按事项标识查询的接口地址")

    class Meta(ItemSerializer.Meta):
        fields = [*ItemSerializer.Meta.fields, "list", "version", "url"]
        list_serializer_class = ItemResultListSerializer

    def get_url(self, item) -> str:
        return _url(self, "api:item-detail", item.key)


class ItemDetailSerializer(ItemResultSerializer):
    is_current = serializers.SerializerMethodField(
        help_text="true：该事项今天现行有效；false：已不在现行版本中（取自最近一次公布的版本）、"
        "所在版本尚未到施行日期，或所在清单已废止"
    )
    state = serializers.CharField(source="version.public_state.code", help_text=STATE_HELP)
    state_display = serializers.CharField(
        source="version.public_state.detail", help_text="所在版本的今日状态"
    )
    list_status = serializers.SerializerMethodField(help_text=LIST_STATUS_HELP)

    class Meta(ItemResultSerializer.Meta):
        fields = [
            *ItemResultSerializer.Meta.fields,
            "is_current",
            "state",
            "state_display",
            "list_status",
        ]

    def get_is_current(self, item) -> bool:
        return item.version.public_state.is_in_force

    def get_list_status(self, item) -> str:
        if item.version.public_state.is_in_force:
            return CURRENT
        return list_status(item.version.list)


class ChangeSerializer(serializers.ModelSerializer):
    action = serializers.ChoiceField(
        choices=["publish", "in_force", "supersede", "abolish"],
        help_text="publish 发布 / in_force 施行（时间为施行日期零时，不早于发布）/ "
        "supersede 被新版本替代（与新版本施行同时）/ abolish 清单废止",
    )
    action_display = serializers.CharField(source="get_action_display", help_text="变动名称")
    list = ListRefSerializer(source="version.list")
    version = VersionRefSerializer()

    class Meta:
        model = Event
        fields = ["id", "at", "action", "action_display", "note", "list", "version"]
