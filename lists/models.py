import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from lists import in_force
from lists.itemtext import (
    has_control_character,
    normalise_fields,
    normalise_value,
    one_form_check,
)

FROZEN_VERSION_MESSAGE = "该版本已提交审查或已发布，不能修改。如需调整，请撤回提交或开始修订。"


class FrozenVersionError(Exception):
    """Raised on any write to a version (or its items) that is no longer editable."""

    def __init__(self, message: str = FROZEN_VERSION_MESSAGE):
        super().__init__(message)
        self.message = message


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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审查人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    reviewed_at = models.DateTimeField(_("审查时间"), null=True, blank=True, editable=False)
    review_authority = models.CharField(
        _("审查机关"),
        max_length=100,
        blank=True,
        editable=False,
        help_text=_("审查通过时该单位的审查机关（司法局）名称，公开页面上显示“经…合法性审查”"),
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True, editable=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办审查员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
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


_SEARCH_COLUMNS = ("search_a", "search_b", "search_c")
# The columns a clerk fills, in the official order; forms, API, diff and exports share it.
CONTENT_FIELDS = (
    "matter",
    "category",
    "implementing_body",
    "condition",
    "legal_basis",
    "leniency_basis",
    "supervision_measures",
    "note",
)
_TEXT_FIELDS = frozenset((*CONTENT_FIELDS, "extra"))


class ItemQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ItemQuerySet":
        return self.filter(version__in=ListVersion.objects.visible_to(user))

    def published(self) -> "ItemQuerySet":
        return self.filter(version__status__in=ListVersion.PUBLIC_STATUSES)

    def in_force(self, on: date | None = None) -> "ItemQuerySet":
        """Items of the versions in force on `on` (default: today in Asia/Shanghai)."""
        return self.filter(in_force.in_force_q(on or in_force.today(), prefix="version__"))

    def _refuse_if_frozen(self) -> None:
        if self.exclude(version__status__in=ListVersion.EDITABLE_STATUSES).exists():
            raise FrozenVersionError()

    def update(self, **kwargs):
        self._refuse_if_frozen()
        texts = _TEXT_FIELDS & kwargs.keys()
        if not texts:
            return super().update(**kwargs)
        for name in texts:
            if isinstance(kwargs[name], str | dict | list):
                kwargs[name] = normalise_value(kwargs[name])
        pks = list(self.values_list("pk", flat=True))
        updated = super().update(**kwargs)
        # Expressions (Concat, Replace …) are computed by the database: bring the stored result
        # to the one form, and index it, row by row.
        items = list(Item.objects.filter(pk__in=pks))
        for item in items:
            item.prepare_for_storage()
        models.QuerySet(Item).bulk_update(items, [*texts, "search_a", "search_b", "search_c"])
        return updated

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for item in objs:
            item.prepare_for_storage()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        versions = {item.version_id for item in objs}
        if (
            versions
            and ListVersion.objects.filter(pk__in=versions)
            .exclude(status__in=ListVersion.EDITABLE_STATUSES)
            .exists()
        ):
            raise FrozenVersionError()
        if _TEXT_FIELDS & set(fields):
            for item in objs:
                item.prepare_for_storage()
            fields = [*fields, *(f for f in _SEARCH_COLUMNS if f not in fields)]
        return super().bulk_update(objs, fields, *args, **kwargs)

    def delete(self):
        self._refuse_if_frozen()
        return super().delete()


TEXT_CHECK = models.CheckConstraint(
    condition=one_form_check(CONTENT_FIELDS),
    name="item_text_one_form",
    violation_error_message="事项文字含有控制字符，请删除后再保存。",
)


class Item(models.Model):
    CONTENT_FIELDS = CONTENT_FIELDS

    version = models.ForeignKey(
        ListVersion, verbose_name=_("版本"), on_delete=models.CASCADE, related_name="items"
    )
    section = models.ForeignKey(
        ListSection,
        verbose_name=_("分节"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
        help_text=_("不予处罚清单的三类情形之一"),
    )
    seq = models.PositiveIntegerField(_("序号"))
    matter = models.TextField(
        _("事项"),
        help_text=_("违法行为或行政强制事项的名称"),
        error_messages={"blank": "请填写事项名称。", "null": "请填写事项名称。"},
    )
    category = models.CharField(_("类别/领域"), max_length=200, blank=True)
    implementing_body = models.CharField(
        _("实施机关"), max_length=200, blank=True, help_text=_("默认为本单位名称")
    )
    condition = models.TextField(
        _("适用条件"),
        help_text=_("同时满足的情形，可分条书写"),
        error_messages={"blank": "请填写适用条件。"},
    )
    legal_basis = models.TextField(_("法律依据"), blank=True, help_text=_("违反条款和处罚依据"))
    leniency_basis = models.TextField(
        _("从宽依据"), blank=True, help_text=_("免罚/从轻/减轻的依据，如《行政处罚法》第三十三条")
    )
    supervision_measures = models.TextField(_("配套监管措施"), blank=True)
    note = models.TextField(_("备注"), blank=True)
    extra = models.JSONField(
        _("其他列"), default=dict, blank=True, help_text=_("原表中无对应栏目的列，按原列名保存")
    )
    key = models.UUIDField(_("事项标识"), default=uuid.uuid4, editable=False)
    # Search tokens by ranking zone (lists/search/tokens.py), written by save() and bulk_create().
    search_a = models.TextField(_("检索词元（事项）"), blank=True, default="", editable=False)
    search_b = models.TextField(_("检索词元（条件）"), blank=True, default="", editable=False)
    search_c = models.TextField(_("检索词元（依据、备注）"), blank=True, default="", editable=False)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("清单事项")
        verbose_name_plural = _("清单事项")
        ordering = ["version", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["version", "seq"], name="item_unique_seq"),
            models.UniqueConstraint(fields=["version", "key"], name="item_unique_key"),
            # The part of lists.itemtext's one form a database can check on every backend.
            TEXT_CHECK,
        ]
        indexes = [models.Index(fields=["key"], name="item_key_idx")]

    def __str__(self) -> str:
        return f"{self.seq}. {self.matter[:40]}"

    def save(self, *args, **kwargs):
        if not self._version_is_editable():
            raise FrozenVersionError()
        self.prepare_for_storage()
        super().save(*args, **kwargs)

    def get_constraints(self):
        # Form validation checks item_text_one_form in Python (clean, below): Django's own check
        # of a CheckConstraint is a query in a savepoint per row, 900 queries for a 300-row
        # save. The database still enforces it on every write.
        return [
            (model, [c for c in constraints if c.name != TEXT_CHECK.name])
            for model, constraints in super().get_constraints()
        ]

    def clean(self):
        super().clean()
        if any(has_control_character(getattr(self, name)) for name in self.CONTENT_FIELDS):
            raise ValidationError(TEXT_CHECK.violation_error_message)

    def prepare_for_storage(self) -> None:
        """The one form of text (lists.itemtext), then the search tokens: every write path."""
        normalise_fields(self, (*self.CONTENT_FIELDS, "extra"))
        self.index_for_search()

    def index_for_search(self) -> None:
        """Fill the search token columns from the text (one door for every write path)."""
        from lists.search.tokens import item_columns

        for column, tokens in item_columns(self).items():
            setattr(self, column, tokens)

    def delete(self, *args, **kwargs):
        if not self._version_is_editable():
            raise FrozenVersionError()
        return super().delete(*args, **kwargs)

    def _version_is_editable(self) -> bool:
        return ListVersion.objects.filter(
            pk=self.version_id, status__in=ListVersion.EDITABLE_STATUSES
        ).exists()

    @property
    def exclusion_warnings(self) -> list[str]:
        from lists.rules import exclusion_warnings

        return exclusion_warnings(self, self.version.list.list_type)


class ReviewComment(models.Model):
    version = models.ForeignKey(
        ListVersion, verbose_name=_("版本"), on_delete=models.CASCADE, related_name="comments"
    )
    item = models.ForeignKey(
        Item,
        verbose_name=_("事项"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审查员"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class State(models.TextChoices):
        PENDING = "pending", _("待处理")
        RESOLVED = "resolved", _("已处理")
        REJECTED = "rejected", _("不采纳")

    text = models.TextField(_("意见"))
    state = models.CharField(
        _("处理状态"), max_length=20, choices=State.choices, default=State.PENDING
    )
    reply = models.TextField(_("填报单位答复"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("审查意见")
        verbose_name_plural = _("审查意见")
        ordering = ["version", "created_at"]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def resolved(self) -> bool:
        return self.state != self.State.PENDING


class Event(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("创建")
        SUBMIT = "submit", _("提交审查")
        WITHDRAW = "withdraw", _("撤回提交")
        RETURN = "return", _("退回修改")
        APPROVE = "approve", _("审查通过")
        PUBLISH = "publish", _("发布")
        IN_FORCE = "in_force", _("施行")
        SUPERSEDE = "supersede", _("被新版本替代")
        REVISE = "revise", _("开始修订")
        ABOLISH = "abolish", _("废止")
        EDIT = "edit", _("修改事项")
        ASSIGN = "assign", _("分配审查")
        FLAG = "flag", _("排除规则判断")
        REPLY = "reply", _("答复审查意见")

    version = models.ForeignKey(
        ListVersion, verbose_name=_("版本"), on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("操作"), max_length=30, choices=Action.choices)
    from_status = models.CharField(
        _("原状态"), max_length=20, blank=True, choices=ListVersion.Status.choices
    )
    to_status = models.CharField(
        _("新状态"), max_length=20, blank=True, choices=ListVersion.Status.choices
    )
    # A version's 施行 (and its predecessor's 被新版本替代) is dated by its 施行日期, which may
    # be ahead: the public change feed shows an event once its time has come.
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("操作记录")
        verbose_name_plural = _("操作记录")
        ordering = ["version", "at", "pk"]

    def __str__(self) -> str:
        # Shown in the admin next to the row's own (local) time: Asia/Shanghai, never UTC.
        return f"{self.get_action_display()}（{in_force.local_time(self.at):%Y-%m-%d %H:%M}）"


from lists.generation import SiteGeneration  # noqa: E402,F401  (the public cache's clock)
from lists.review_models import FlagDecision, ReviewRound  # noqa: E402, F401  (re-exported)
from lists.synonyms import SynonymGroup  # noqa: E402,F401  (a model of this app)
from lists.uploads import ImportUpload  # noqa: E402,F401  (kept in its own module)
from lists.workcalendar import CalendarDay  # noqa: E402,F401  (the bureau's holiday table)
