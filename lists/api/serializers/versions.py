"""/versions/<id>/: a published version exactly as published, with its items and downloads."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lists.api.serializers.items import ItemSerializer
from lists.api.serializers.refs import ListRefSerializer, api_url
from lists.models import ListVersion
from lists.selectors import version_changes


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
            "csv": api_url(self, "api:version-items-csv", version.pk),
            "xlsx": api_url(self, "api:version-items-xlsx", version.pk),
        }
