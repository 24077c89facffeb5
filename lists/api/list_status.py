"""A list's public status as the open data says it (current / upcoming / abolished), by 施行日期.

The serializers write it and the `status` filter (lists.api.filters) selects by the same rule.
"""

from lists.models import EnforcementList, ListVersion

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


def list_status(enforcement_list: EnforcementList, versions=None) -> str:
    """current if a version is in force today; else abolished, or upcoming (a list first
    published with a future 施行日期). `versions`: its public versions, if already loaded."""
    if enforcement_list.is_abolished:
        return ABOLISHED
    if versions is None:
        versions = ListVersion.objects.in_force().filter(list=enforcement_list)
        return CURRENT if versions.exists() else UPCOMING
    return CURRENT if any(v.public_state.is_in_force for v in versions) else UPCOMING
