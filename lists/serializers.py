"""Open-data serializers: published content only, no people, no review internals.

Querysets are prepared by the views (select_related / prefetch_related) so that every field
here reads loaded attributes: the number of SQL queries per endpoint does not grow with rows.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from agencies.models import Agency
from lists.models import EnforcementList, Event, Item, ListSection, ListType, ListVersion

CURRENT, ABOLISHED = "current", "abolished"
LIST_STATUS_LABELS = {CURRENT: "现行有效", ABOLISHED: "已废止"}


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
    """A published version as listed under its list; `status` here is today's status."""

    status_display = serializers.CharField(source="get_status_display", help_text="状态名称")
    url = serializers.SerializerMethodField(help_text="版本详情（含事项）接口地址")

    class Meta:
        model = ListVersion
        fields = [
            "id",
            "number",
            "status",
            "status_display",
            "document_no",
            "effective_date",
            "published_at",
            "change_summary",
            "url",
        ]

    def get_url(self, version) -> str:
        return _url(self, "api:version-detail", version.pk)


def list_status(enforcement_list: EnforcementList) -> str:
    return ABOLISHED if enforcement_list.is_abolished else CURRENT


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
    status = serializers.SerializerMethodField(help_text="current 现行有效 / abolished 已废止")
    status_display = serializers.SerializerMethodField(help_text="现行有效 / 已废止")
    current_version = serializers.SerializerMethodField(help_text="现行有效版本（已废止时为空）")
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
            "versions",
        ]

    def get_status(self, enforcement_list) -> str:
        return list_status(enforcement_list)

    def get_status_display(self, enforcement_list) -> str:
        return LIST_STATUS_LABELS[list_status(enforcement_list)]

    @extend_schema_field(VersionSummarySerializer(allow_null=True))
    def get_current_version(self, enforcement_list):
        if enforcement_list.is_abolished:
            return None
        for version in enforcement_list.public_versions:
            if version.status == ListVersion.Status.PUBLISHED:
                return VersionSummarySerializer(version, context=self.context).data
        return None


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
            "downloads",
            "items",
        ]

    def get_item_count(self, version) -> int:
        return len(version.public_items)

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


class ItemResultSerializer(ItemSerializer):
    """An item found by search, with where it comes from."""

    list = ListRefSerializer(source="version.list")
    version = VersionRefSerializer()
    url = serializers.SerializerMethodField(help_text="按事项标识查询的接口地址")

    class Meta(ItemSerializer.Meta):
        fields = [*ItemSerializer.Meta.fields, "list", "version", "url"]

    def get_url(self, item) -> str:
        return _url(self, "api:item-detail", item.key)


class ItemDetailSerializer(ItemResultSerializer):
    is_current = serializers.SerializerMethodField(
        help_text="true：该事项现行有效；false：已不在现行版本中（取自最近一次公布的版本）或所在清单已废止"
    )
    list_status = serializers.SerializerMethodField(help_text="current 现行有效 / abolished 已废止")

    class Meta(ItemResultSerializer.Meta):
        fields = [*ItemResultSerializer.Meta.fields, "is_current", "list_status"]

    def get_is_current(self, item) -> bool:
        in_force = item.version.status == ListVersion.Status.PUBLISHED
        return in_force and not item.version.list.is_abolished

    def get_list_status(self, item) -> str:
        return list_status(item.version.list)


class ChangeSerializer(serializers.ModelSerializer):
    action = serializers.ChoiceField(
        choices=["publish", "supersede", "abolish"],
        help_text="publish 发布 / supersede 被新版本替代 / abolish 清单废止",
    )
    action_display = serializers.CharField(source="get_action_display", help_text="变动名称")
    list = ListRefSerializer(source="version.list")
    version = VersionRefSerializer()

    class Meta:
        model = Event
        fields = ["id", "at", "action", "action_display", "note", "list", "version"]
