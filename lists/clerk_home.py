"""The clerk's starting point on the admin home: their agency's lists, each with its next step.

Four queries whatever the number of lists: the clerk's agencies, the list types, the lists with
their versions, and the row counts of the versions shown.
"""

from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse

from agencies.models import Agency, Membership
from lists.models import EnforcementList, Item, ListType, ListVersion

Status = ListVersion.Status

NEXT_STEPS = {
    Status.DRAFT: ("草稿", "继续编辑草稿，完成后提交审查"),
    Status.RETURNED: ("被退回", "按审查意见修改，答复意见后重新提交"),
    Status.SUBMITTED: ("审查中", "等待司法局合法性审查"),
    Status.APPROVED: ("审查通过", "填写文号和施行日期后发布"),
}


@dataclass
class ListCard:
    agency: Agency
    list_type: ListType
    state: str
    next_step: str
    url: str
    action: str
    version_id: int | None = None
    items: int = 0


def _card(agency, list_type, enforcement_list) -> ListCard:
    if enforcement_list is None:
        url = reverse("admin:lists_enforcementlist_add") + f"?list_type={list_type.pk}"
        return ListCard(agency, list_type, "未编制", "新建清单，或导入已有表格", url, "新建清单")
    versions = sorted(enforcement_list.versions.all(), key=lambda v: v.number)
    open_version = next((v for v in versions if v.status in ListVersion.OPEN_STATUSES), None)
    published = next((v for v in versions if v.status == Status.PUBLISHED), None)
    if enforcement_list.is_abolished:
        url = reverse("admin:lists_enforcementlist_changelist")
        return ListCard(agency, list_type, "已废止", "无需操作", url, "查看")
    if open_version is not None:
        state, step = NEXT_STEPS[open_version.status]
        url = reverse("admin:lists_listversion_change", args=[open_version.pk])
        action = "继续编辑" if open_version.is_editable else "查看"
        return ListCard(
            agency,
            list_type,
            f"第{open_version.number}版 {state}",
            step,
            url,
            action,
            open_version.pk,
        )
    url = reverse("admin:lists_listversion_change", args=[published.pk])
    return ListCard(
        agency,
        list_type,
        f"第{published.number}版 已发布",
        "法律法规调整时开始修订",
        url,
        "查看",
        published.pk,
    )


def clerk_lists(user) -> list[ListCard]:
    """Every list type of every agency the user keeps lists for as a clerk."""
    agencies = list(
        Agency.objects.filter(
            memberships__user=user, memberships__role=Membership.Role.CLERK
        ).distinct()
    )
    if not agencies:
        return []
    list_types = list(ListType.objects.all())
    existing = {
        (el.agency_id, el.list_type_id): el
        for el in EnforcementList.objects.filter(agency__in=agencies).prefetch_related("versions")
    }
    cards = [
        _card(agency, list_type, existing.get((agency.pk, list_type.pk)))
        for agency in agencies
        for list_type in list_types
    ]
    shown = {card.version_id for card in cards if card.version_id}
    counts = dict(
        Item.objects.filter(version__in=shown)
        .values("version")
        .annotate(n=Count("pk"))
        .values_list("version", "n")
    )
    for card in cards:
        card.items = counts.get(card.version_id, 0)
    return cards


def continue_url(cards: list[ListCard]) -> str | None:
    """The first editable draft, for the 继续编辑草稿 button."""
    for card in cards:
        if card.action == "继续编辑":
            return card.url
    return None
