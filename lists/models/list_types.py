"""The four lists as data (ListType and its sections) and the list an agency keeps of one type."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency


class ListType(models.Model):
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("清单名称"), max_length=50, help_text=_("如“不予处罚事项清单”"))
    short_name = models.CharField(_("简称"), max_length=20, help_text=_("如“不予处罚”"))
    item_label = models.CharField(_("事项列名"), max_length=30, default="行政处罚事项")
    condition_label = models.CharField(_("适用条件列名"), max_length=30)
    leniency_basis_label = models.CharField(_("从宽依据列名"), max_length=30, blank=True)
    description = models.TextField(
        _("一句话说明"),
        blank=True,
        help_text=_("首页和检索结果中显示的一句话；不得承诺超出法律规定的内容（“可以”不是“应当”）"),
    )
    explanation = models.TextField(
        _("给公众的解释"),
        blank=True,
        help_text=_(
            "清单页面上的通俗解释：对当事人意味着什么、违法行为仍须改正、由执法机关逐案认定。"
            "空行分段。"
        ),
    )
    exclusion_rule_applies = models.BooleanField(
        _("适用排除规则"),
        default=True,
        help_text=_("突发事件中囤积居奇、哄抬物价及高风险领域的违法行为不得纳入本清单"),
    )
    sections_required = models.BooleanField(
        _("事项须归入分节"),
        default=True,
        help_text=_("本类清单设有分节时，每个事项须归入其中一节，方可提交审查"),
    )
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("清单类型")
        verbose_name_plural = _("清单类型")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class ListSection(models.Model):
    list_type = models.ForeignKey(
        ListType, verbose_name=_("清单类型"), on_delete=models.CASCADE, related_name="sections"
    )
    number = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("标题"), max_length=200)

    class Meta:
        verbose_name = _("清单分节")
        verbose_name_plural = _("清单分节")
        ordering = ["list_type__order", "number"]
        constraints = [
            models.UniqueConstraint(fields=["list_type", "number"], name="section_unique_number")
        ]

    def __str__(self) -> str:
        return self.title


class EnforcementListQuerySet(models.QuerySet):
    def visible_to(self, user) -> "EnforcementListQuerySet":
        return self.filter(agency__in=Agency.objects.visible_to(user))


class EnforcementList(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="lists"
    )
    list_type = models.ForeignKey(
        ListType, verbose_name=_("清单类型"), on_delete=models.PROTECT, related_name="lists"
    )
    abolished_at = models.DateTimeField(_("废止时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = EnforcementListQuerySet.as_manager()

    class Meta:
        verbose_name = _("清单")
        verbose_name_plural = _("清单")
        ordering = ["agency__order", "agency__code", "list_type__order"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "list_type"], name="list_unique_agency_type")
        ]

    def __str__(self) -> str:
        return f"{self.agency.display_name} · {self.list_type.name}"

    @property
    def is_abolished(self) -> bool:
        return self.abolished_at is not None
