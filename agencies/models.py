from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AgencyQuerySet":
        """Agencies whose non-public data the user may see (see agencies.permissions)."""
        from agencies.permissions import visible_agency_ids

        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(pk__in=visible_agency_ids(user))

    def editable_by(self, user) -> "AgencyQuerySet":
        """Agencies whose lists the user may edit, import into, submit and publish."""
        from agencies.permissions import editable_agency_ids

        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(pk__in=editable_agency_ids(user))


class Agency(models.Model):
    class Kind(models.TextChoices):
        ENFORCEMENT = "enforcement", _("执法部门")
        JUSTICE = "justice", _("司法行政部门")
        TOWNSHIP = "township", _("乡镇街道")

    class Level(models.TextChoices):
        CITY = "city", _("市")
        COUNTY = "county", _("区县")
        TOWNSHIP = "township", _("乡镇街道")

    name = models.CharField(
        _("单位名称"), max_length=100, help_text=_("全称，如“示例市市场监督管理局”")
    )
    short_name = models.CharField(
        _("简称"), max_length=30, blank=True, help_text=_("如“市场监管局”，用于列表和导航")
    )
    code = models.SlugField(
        _("代码"), max_length=40, unique=True, help_text=_("网址中使用的英文代码，如 scjg")
    )
    kind = models.CharField(
        _("类型"), max_length=20, choices=Kind.choices, default=Kind.ENFORCEMENT
    )
    level = models.CharField(_("层级"), max_length=20, choices=Level.choices, default=Level.CITY)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    review_bureau = models.ForeignKey(
        "self",
        verbose_name=_("审查机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviewed_agencies",
        limit_choices_to={"kind": "justice"},
        help_text=_("对本单位清单进行合法性审查的司法行政部门"),
    )
    fields = models.JSONField(
        _("执法领域"),
        default=list,
        blank=True,
        help_text=_('执法领域标签列表，如 ["市场监管"]'),
    )
    review_time_limit = models.PositiveSmallIntegerField(
        _("审查时限（工作日）"),
        default=10,
        help_text=_("司法行政部门适用：收到提交后应在多少个工作日内作出审查决定"),
    )
    correction_time_limit = models.PositiveSmallIntegerField(
        _("退回修改时限（工作日）"),
        default=10,
        help_text=_("司法行政部门适用：被退回的清单应在多少个工作日内修改后重新提交"),
    )
    active = models.BooleanField(_("有效"), default=True)
    order = models.PositiveIntegerField(_("排序"), default=0)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        CLERK = "clerk", _("清单填报员")
        REVIEWER = "reviewer", _("审查员")
        LEAD = "lead", _("负责人")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("单位成员")
        verbose_name_plural = _("单位成员")
        ordering = ["agency__order", "agency__code", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="membership_unique_user_agency_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.get_role_display()}"
