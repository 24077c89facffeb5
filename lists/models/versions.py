"""A version of a list: its workflow status, its dates, and the freeze once it leaves the clerk."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from lists import in_force
from lists.models.list_types import EnforcementList

FROZEN_VERSION_MESSAGE = "该版本已提交审查或已发布，不能修改。如需调整，请撤回提交或开始修订。"


class FrozenVersionError(Exception):
    """Raised on any write to a version (or its items) that is no longer editable."""

    def __init__(self, message: str = FROZEN_VERSION_MESSAGE):
        super().__init__(message)
        self.message = message


def _user_stamp(verbose_name) -> models.ForeignKey:
    """Who took one step of a version's life; the version keeps its history if the user goes."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )


class ListVersionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ListVersionQuerySet":
        """The one door to non-public versions: what this user may see in the admin."""
        return self.filter(list__agency__in=Agency.objects.visible_to(user))

    def published(self) -> "ListVersionQuerySet":
        """Versions the public may read: in force, or superseded history."""
        return self.filter(status__in=ListVersion.PUBLIC_STATUSES)

    def current(self) -> "ListVersionQuerySet":
        """The latest publication of each list (in force or still waiting for its 施行日期)."""
        return self.filter(status=ListVersion.Status.PUBLISHED)

    def in_force(self, on: date | None = None) -> "ListVersionQuerySet":
        """Versions in force on `on` (default: today in Asia/Shanghai), at most one per list."""
        return self.filter(in_force.in_force_q(on or in_force.today()))

    def upcoming(self, on: date | None = None) -> "ListVersionQuerySet":
        """Published versions whose 施行日期 is still ahead of `on` (default: today)."""
        return self.filter(in_force.upcoming_q(on or in_force.today()))


class ListVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待审查")
        RETURNED = "returned", _("被退回")
        APPROVED = "approved", _("审查通过")
        PUBLISHED = "published", _("已发布")
        SUPERSEDED = "superseded", _("已被修订")

    EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)
    OPEN_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.APPROVED)
    PUBLIC_STATUSES = (Status.PUBLISHED, Status.SUPERSEDED)
    # Fields only lists.workflow writes, even on a frozen version.
    WORKFLOW_FIELDS = frozenset(
        {
            "status",
            "review_opinion",
            "document_no",
            "effective_date",
            "in_force_until",
            "submitted_by",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "review_authority",
            "published_by",
            "published_at",
            "assigned_to",
            "assigned_at",
            "updated_at",
            "item_count",
        }
    )

    list = models.ForeignKey(
        EnforcementList, verbose_name=_("清单"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("版本号"))
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    document_no = models.CharField(
        _("文号"),
        max_length=100,
        blank=True,
        help_text=_("发布文件的文号，如“示市监发〔2024〕12号”"),
    )
    effective_date = models.DateField(
        _("施行日期"),
        null=True,
        blank=True,
        help_text=_("发布后自该日起现行有效；留空则为发布当日"),
    )
    # Written only by lists.workflow (publish, abolish); see lists.in_force.
    in_force_until = models.DateField(
        _("失效日期"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("新版本施行或清单废止之日（当日起不再有效）"),
    )
    change_summary = models.TextField(
        _("修订说明"),
        blank=True,
        help_text=_("本版本与上一版本相比改了什么、为什么改（如法律修订）"),
    )
    review_opinion = models.TextField(_("审查意见"), blank=True, editable=False)
    # Written by lists.workflow.publish: a published version never changes, so its size is
    # known once, and the public pages add it up instead of counting items.
    item_count = models.PositiveIntegerField(_("事项数"), default=0, editable=False)
    created_by = _user_stamp(_("创建人"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    submitted_by = _user_stamp(_("提交人"))
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True, editable=False)
    reviewed_by = _user_stamp(_("审查人"))
    reviewed_at = models.DateTimeField(_("审查时间"), null=True, blank=True, editable=False)
    review_authority = models.CharField(
        _("审查机关"),
        max_length=100,
        blank=True,
        editable=False,
        help_text=_("审查通过时该单位的审查机关（司法局）名称，公开页面上显示“经…合法性审查”"),
    )
    published_by = _user_stamp(_("发布人"))
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True, editable=False)
    assigned_to = _user_stamp(_("承办审查员"))
    assigned_at = models.DateTimeField(_("分配时间"), null=True, blank=True, editable=False)

    objects = ListVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("清单版本")
        verbose_name_plural = _("清单版本")
        ordering = [
            "list__agency__order",
            "list__agency__code",
            "list__list_type__order",
            "-number",
        ]
        constraints = [
            models.UniqueConstraint(fields=["list", "number"], name="version_unique_number"),
            models.UniqueConstraint(
                fields=["list"],
                condition=Q(status__in=["draft", "submitted", "returned", "approved"]),
                name="version_one_open_per_list",
                violation_error_message="该清单已有一个未发布的版本（草稿、待审查、被退回或已通过）。",
            ),
            models.UniqueConstraint(
                fields=["list"],
                condition=Q(status="published"),
                name="version_one_published_per_list",
                violation_error_message="该清单已有一个现行有效的版本。",
            ),
        ]
        indexes = [
            models.Index(fields=["effective_date", "in_force_until"], name="version_in_force_idx")
        ]

    def __str__(self) -> str:
        return f"{self.list} 第{self.number}版（{self.get_status_display()}）"

    def save(self, *args, **kwargs):
        # Frozen versions accept only the workflow's own fields (lists.workflow saves with
        # update_fields); anything else - admin, import, shell - is refused here.
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            update_fields = kwargs.get("update_fields")
            only_workflow = update_fields is not None and set(update_fields) <= self.WORKFLOW_FIELDS
            if stored is not None and stored not in self.EDITABLE_STATUSES and not only_workflow:
                raise FrozenVersionError()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.status not in (self.Status.DRAFT,):
            raise FrozenVersionError("只有草稿版本可以删除；已提交、已发布的版本永久保留。")
        return super().delete(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES

    def state_on(self, on: date | None = None) -> "in_force.VersionState | None":
        """Public state on a day: 现行有效 / 已公布待施行 / 已被修订 / 已废止 (None if unpublished)."""
        return in_force.state_of(self, on)

    @property
    def public_state(self) -> "in_force.VersionState | None":
        """Today's public state; `.code`, `.label` and `.detail` (已公布，X年X月X日起施行)."""
        if not hasattr(self, "_public_state"):
            self._public_state = in_force.state_of(self)
        return self._public_state

    @property
    def published_on(self) -> date | None:
        """The day (Asia/Shanghai) this version was published on the portal."""
        return in_force.local_date(self.published_at) if self.published_at else None

    @property
    def entered_after_effect(self) -> bool:
        """In force before it was published here: an earlier paper publication entered later."""
        published_on = self.published_on
        return bool(published_on and self.effective_date and self.effective_date < published_on)
