"""/lists/: an agency's list with its status today and every published version."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lists.api.list_status import LIST_STATUS_HELP, LIST_STATUS_LABELS, STATE_HELP, list_status
from lists.api.serializers.refs import ListRefSerializer, api_url
from lists.models import ListVersion


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
        return api_url(self, "api:version-detail", version.pk)


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
