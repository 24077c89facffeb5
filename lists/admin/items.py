"""The row editor: the inline of a version's items, its form and formset (lists/editor/ renders it)."""

from django import forms
from django.contrib import admin
from django.utils.functional import cached_property
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime

from agencies.permissions import can_edit_agency
from lists.admin.common import has_scope
from lists.editor.widgets import (
    FastCheckbox,
    FastHiddenInput,
    FastNumberInput,
    FastTextarea,
    RowIdField,
    SectionField,
)
from lists.itemtext import OneFormField
from lists.models import Item

ROW_NOT_IN_VERSION = (
    "这一行不属于正在编辑的版本（可能已被删除或属于其他清单），请刷新页面后重新填写。"
)
SECTION_REQUIRED = "请选择分节：本清单的每个事项须归入一类情形。"


class ItemInlineForm(forms.ModelForm):
    class Meta:
        model = Item
        fields = ["seq", "section", *Item.CONTENT_FIELDS]
        # The one form of text (lists.itemtext): a row posted back unchanged is unchanged.
        field_classes = dict.fromkeys(Item.CONTENT_FIELDS, OneFormField)
        error_messages = {
            "matter": {"required": "请填写事项名称。"},
            "condition": {"required": "请填写适用条件。"},
        }
        # Line one of a row (the official columns) opens two lines high, line two one line;
        # editor.css lets every box grow with its text.
        widgets = {
            "seq": FastNumberInput(attrs={"class": "vIntegerField seq-input"}),
            **{
                name: FastTextarea(attrs={"rows": 2, "cols": 20})
                for name in ("matter", "implementing_body", "condition", "legal_basis", "note")
            },
            **{
                name: FastTextarea(attrs={"rows": 1, "cols": 20})
                for name in ("category", "leniency_basis", "supervision_measures")
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "seq" in self.fields:
            self.fields["seq"].required = False
        # The editor shows labels and help only in its header (lists/editor/rows.py): name each
        # cell for screen readers. Labels are translated once per form class, not per cell.
        labels = type(self).__dict__.get("_labels")
        if labels is None:
            labels = {name: str(field.label) for name, field in self.base_fields.items()}
            type(self)._labels = labels
        row = f"第 {self.instance.seq} 项" if self.instance.pk else "新增行"
        for name, field in self.fields.items():
            field.help_text = ""  # no aria-describedby to a help text the row does not show
            widget = getattr(field.widget, "widget", field.widget)  # inside the admin's wrapper
            widget.attrs.setdefault("aria-label", f"{row} {labels.get(name, field.label)}")

    def clean(self):
        cleaned = super().clean()
        # Only rows the clerk touched: an imported draft's other rows are checked at submission.
        section = self.fields.get("section")
        if getattr(section, "required_by_list_type", False) and self.has_changed():
            if not cleaned.get("section") and not cleaned.get("DELETE"):
                self.add_error("section", SECTION_REQUIRED)
        return cleaned

    def _get_validation_exclusions(self):
        # seq is renumbered on save (rows may be swapped or moved), so it is not checked here;
        # the section was checked by its field against the list type's sections (no query).
        exclusions = super()._get_validation_exclusions()
        exclusions.add("seq")
        if isinstance(self.fields.get("section"), SectionField):
            exclusions.add("section")
        return exclusions


class ItemFormSet(forms.BaseInlineFormSet):
    """The rows of one version, or of one page of a very large one (lists/editor/pages.py)."""

    sections = ()  # the list type's sections, set by ItemInline.get_formset: row headings

    def __init__(self, *args, editor_page=None, **kwargs):
        self.editor_page = editor_page
        super().__init__(*args, **kwargs)

    @cached_property
    def uses_more_columns(self) -> bool:
        """Whether any row of the version fills 类别, 从宽依据, 配套监管措施 or 其他列."""
        if self.instance.pk is None:
            return False
        rows = Item.objects.filter(version=self.instance)
        return rows.exclude(category="", leniency_basis="", supervision_measures="").exists() or (
            rows.exclude(extra={}).exists()
        )

    def add_fields(self, form, index):
        super().add_fields(form, index)
        pk = self._pk_field.name
        form.fields[pk] = RowIdField(self, initial=form.fields[pk].initial)
        for field in form.fields.values():  # the row's id and version: no template per row
            if isinstance(field.widget, forms.HiddenInput):
                field.widget = FastHiddenInput()
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget = FastCheckbox(attrs={"aria-label": "删除此行"})

    def clean(self):
        # Django accepts any existing row's id here (and then drops or re-creates the row): each
        # posted id must name a row of this version, once.
        super().clean()
        rows, seen = {item.pk for item in self.get_queryset()}, set()
        for index, form in enumerate(self.forms):
            item = getattr(form, "cleaned_data", {}).get("id")
            lost = index < self.initial_form_count() and form.instance.pk is None
            if lost or (item is not None and (item.pk not in rows or item.pk in seen)):
                raise forms.ValidationError(ROW_NOT_IN_VERSION)
            if item is not None:
                seen.add(item.pk)


class ItemInline(admin.TabularInline):
    model = Item
    form = ItemInlineForm
    formset = ItemFormSet
    template = "admin/lists/listversion/items_inline.html"  # rows by lists/editor/rows.py
    extra = 1
    readonly_fields = ["flags", "extra_columns", "review_comments"]
    verbose_name = "事项"
    verbose_name_plural = "清单事项"

    def get_fields(self, request, obj=None):
        fields = [
            "seq",
            "review_comments",
            "section",
            *Item.CONTENT_FIELDS,
            "extra_columns",
            "flags",
        ]
        if obj is None or not obj.list.list_type.sections.exists():
            fields.remove("section")
        if obj is None or not obj.comments.filter(item__isnull=False).exists():
            fields.remove("review_comments")
        return fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("version__list__list_type")
            .prefetch_related("comments__author")
        )

    def get_formset(self, request, obj=None, **kwargs):
        if obj is not None:
            list_type = obj.list.list_type
            kwargs["labels"] = {
                "matter": list_type.item_label,
                "condition": list_type.condition_label,
                "leniency_basis": list_type.leniency_basis_label or "从宽依据",
            }
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:
            form = formset.form
            formset.sections = list(obj.list.list_type.sections.all())
            if "implementing_body" in form.base_fields:
                form.base_fields["implementing_body"].initial = obj.list.agency.name
            if "section" in form.base_fields:
                field = form.base_fields["section"]
                form.base_fields["section"] = SectionField(
                    formset.sections,
                    label=field.label,
                    required=field.required,
                    help_text=field.help_text,
                )
                form.base_fields[
                    "section"
                ].required_by_list_type = obj.list.list_type.sections_required
        return formset

    @admin.display(description="提示")
    def flags(self, item):
        if item.pk is None:
            return ""
        warnings = item.exclusion_warnings
        return format_html_join(
            "",
            '<div class="exclusion-flag">⚠ {}</div>',
            ((w,) for w in warnings),
        )

    @admin.display(description="审查意见")
    def review_comments(self, item):
        # Shown next to the row it concerns, so the clerk fixes it where it is.
        if item.pk is None:
            return ""
        return format_html_join(
            "",
            '<div class="row-comment{}">{}<br><small>{} · {}</small></div>',
            (
                (
                    " resolved" if c.resolved else "",
                    c.text,
                    c.author.get_full_name() or c.author.username,
                    f"{localtime(c.created_at):%Y-%m-%d %H:%M}",
                )
                for c in item.comments.all()
            ),
        )

    @admin.display(description="其他列")
    def extra_columns(self, item):
        return format_html_join(mark_safe("<br>"), "{}：{}", (item.extra or {}).items())

    def _editable(self, request, obj) -> bool:
        if obj is None or not obj.is_editable:
            return False
        # Asked for every permission of the inline, several times per page: once per request.
        cache = request.__dict__.setdefault("_lists_can_edit", {})
        if obj.list.agency_id not in cache:
            cache[obj.list.agency_id] = can_edit_agency(request.user, obj.list.agency)
        return cache[obj.list.agency_id]

    def has_view_permission(self, request, obj=None):
        return has_scope(request)

    def has_add_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(request, obj)
