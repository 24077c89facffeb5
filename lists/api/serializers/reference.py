"""/agencies/ and /list-types/: the agencies and the four lists as data."""

from rest_framework import serializers

from agencies.models import Agency
from lists.api.serializers.refs import AgencyRefSerializer, SectionSerializer, api_url
from lists.models import ListType


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
        return api_url(self, "api:agency-detail", agency.code)

    def get_lists_url(self, agency) -> str:
        return f"{api_url(self, 'api:list-list')}?agency={agency.code}"


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
