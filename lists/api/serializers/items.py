"""/items/ and search results: an item, where it comes from, and whether it is in force."""

from rest_framework import serializers

from lists.api.list_status import CURRENT, LIST_STATUS_HELP, STATE_HELP, list_status
from lists.api.serializers.refs import (
    ListRefSerializer,
    SectionSerializer,
    VersionRefSerializer,
    api_url,
)
from lists.models import Item

ZERO_KEY = "00000000-0000-0000-0000-000000000000"


class ItemSerializer(serializers.ModelSerializer):
    section = SectionSerializer(allow_null=True, help_text="分节，无分节时为空")
    extra = serializers.DictField(help_text="原表中的其他列，键为原列名")

    class Meta:
        model = Item
        fields = ["key", "seq", "section", *Item.CONTENT_FIELDS, "extra"]


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
        url = api_url(self.child, "api:item-detail", ZERO_KEY).replace(ZERO_KEY, "{}")
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


class ItemResultSerializer(ItemSerializer):
    """An item found by search, with where it comes from."""

    list = ListRefSerializer(source="version.list")
    version = VersionRefSerializer()
    url = serializers.SerializerMethodField(help_text="按事项标识查询的接口地址")

    class Meta(ItemSerializer.Meta):
        fields = [*ItemSerializer.Meta.fields, "list", "version", "url"]
        list_serializer_class = ItemResultListSerializer

    def get_url(self, item) -> str:
        return api_url(self, "api:item-detail", item.key)


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
