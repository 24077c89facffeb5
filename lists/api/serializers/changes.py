"""/changes/: the feed of publications, entries into force, replacements and abolitions."""

from rest_framework import serializers

from lists.api.serializers.refs import ListRefSerializer, VersionRefSerializer
from lists.models import Event


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
