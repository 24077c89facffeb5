"""The short references every resource embeds: agency, list type, section, list, version."""

from rest_framework import serializers
from rest_framework.reverse import reverse

from agencies.models import Agency
from lists.models import EnforcementList, ListSection, ListType, ListVersion


def api_url(serializer, name: str, *args) -> str:
    return reverse(name, args=args, request=serializer.context.get("request"))


class AgencyRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["code", "name", "short_name"]


class ListTypeRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = ListType
        fields = ["code", "name", "short_name"]


class SectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ListSection
        fields = ["number", "title"]


class ListRefSerializer(serializers.ModelSerializer):
    agency = AgencyRefSerializer()
    list_type = ListTypeRefSerializer()
    url = serializers.SerializerMethodField(help_text="清单接口地址")

    class Meta:
        model = EnforcementList
        fields = ["id", "agency", "list_type", "url"]

    def get_url(self, enforcement_list) -> str:
        return api_url(self, "api:list-detail", enforcement_list.pk)


class VersionRefSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="版本详情接口地址")

    class Meta:
        model = ListVersion
        fields = ["id", "number", "document_no", "effective_date", "published_at", "url"]

    def get_url(self, version) -> str:
        return api_url(self, "api:version-detail", version.pk)
