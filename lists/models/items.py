"""The rows of a version: one form of text and search tokens on every write path, frozen with it."""

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lists import in_force
from lists.itemtext import (
    has_control_character,
    normalise_fields,
    normalise_value,
    one_form_check,
)
from lists.models.list_types import ListSection
from lists.models.versions import FrozenVersionError, ListVersion

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

    def delete_all(self) -> None:
        """delete() in a few statements, for emptying a draft: Django's collector loads every row
        and deletes 100 ids a statement (0.8 s for 10,000 rows). What points at the items is done
        by one query per relation, as its on_delete says (citations deleted, comments and
        corrections kept without their item), then the items go at once. No delete signals are
        sent (none is connected for items)."""
        self._refuse_if_frozen()
        relations = Item._meta.related_objects
        if any(
            relation.on_delete not in (models.CASCADE, models.SET_NULL) for relation in relations
        ):
            self.only("pk", "version").delete()  # another rule (PROTECT …): the collector decides
            return
        for relation in relations:
            pointing = relation.related_model._base_manager.filter(
                **{f"{relation.field.name}__in": self}
            )
            if relation.on_delete is models.CASCADE:
                pointing.delete()
            else:
                pointing.update(**{relation.field.name: None})
        self._raw_delete(self.db)


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
