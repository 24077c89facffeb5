"""Agency data entry: lists, versions and their rows, scoped by ListVersion.objects.visible_to."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime

from agencies.admin import ScopedAdminMixin
from agencies.models import Agency
from agencies.permissions import can_edit_agency
from lists import review_actions, workflow
from lists.admin_views import WorkflowAdminMixin
from lists.editor import pages
from lists.editor.widgets import (
    FastCheckbox,
    FastHiddenInput,
    FastNumberInput,
    FastTextarea,
    RowIdField,
    SectionField,
)
from lists.itemtext import OneFormField
from lists.models import (
    EnforcementList,
    Event,
    FrozenVersionError,
    Item,
    ListType,
    ListVersion,
    ReviewComment,
)
from lists.services import RowEdit, save_rows
from lists.version_changelist import (
    AgencyFilter,
    ListAgencyFilter,
    VersionChangeList,
    search_versions,
)

ROW_NOT_IN_VERSION = (
    "这一行不属于正在编辑的版本（可能已被删除或属于其他清单），请刷新页面后重新填写。"
)
SECTION_REQUIRED = "请选择分节：本清单的每个事项须归入一类情形。"


def status_badge(version: ListVersion):
    # Colours live in static/portal/admin.css (.status-<status>): no inline style under the CSP.
    return format_html(
        '<span class="status-badge status-{}">{}</span>',
        version.status,
        version.get_status_display(),
    )


def has_scope(request) -> bool:
    # Asked by every admin and inline several times per page: remember it for the request.
    if not hasattr(request, "_lists_has_scope"):
        user = request.user
        request._lists_has_scope = (
            user.is_active and user.is_staff and Agency.objects.visible_to(user).exists()
        )
    return request._lists_has_scope


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


class EventInline(admin.TabularInline):
    model = Event
    fields = readonly_fields = ["at", "action", "actor", "from_status", "to_status", "note"]
    extra = 0
    can_delete = False
    verbose_name_plural = "操作记录（审计留痕）"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return has_scope(request)


class ReviewCommentInline(EventInline):
    model = ReviewComment
    fields = readonly_fields = ["created_at", "author", "item", "text", "state", "reply"]
    verbose_name_plural = "审查意见"


@admin.register(EnforcementList)
class EnforcementListAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["agency", "list_type", "versions_summary", "abolished_at"]
    list_filter = ["list_type", ListAgencyFilter]
    search_fields = ["agency__name", "list_type__name"]
    fields = ["agency", "list_type"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .visible_to(request.user)
            .select_related("agency", "list_type")
            .prefetch_related("versions")
        )

    @admin.display(description="版本")
    def versions_summary(self, obj):
        return format_html_join(
            " ",
            '<a href="../listversion/{}/change/">第{}版 {}</a>',
            (
                (v.pk, v.number, status_badge(v))
                for v in sorted(obj.versions.all(), key=lambda v: v.number)
            ),
        )

    def get_readonly_fields(self, request, obj=None):
        return ["agency", "list_type"] if obj else []

    def _own_agency(self, request) -> Agency | None:
        """The one agency a clerk keeps lists for (None for leads of several, site admins)."""
        if not hasattr(request, "_lists_own_agency"):
            editable = list(Agency.objects.editable_by(request.user)[:2])
            request._lists_own_agency = editable[0] if len(editable) == 1 else None
        return request._lists_own_agency

    def get_fieldsets(self, request, obj=None):
        agency = self._own_agency(request) if obj is None else None
        if agency is None:
            return super().get_fieldsets(request, obj)
        # A clerk's agency is theirs: only the list type is asked.
        note = f"为“{agency.name}”新建清单。选择清单类型后，系统建立第 1 版草稿并打开它。"
        return [(None, {"fields": ["list_type"], "description": note})]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agency":
            kwargs["queryset"] = Agency.objects.editable_by(request.user)
        agency = self._own_agency(request)
        if db_field.name == "list_type" and agency is not None:
            kwargs["queryset"] = ListType.objects.exclude(lists__agency=agency)
            kwargs["empty_label"] = "请选择清单类型"
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {
            "title": "新建清单",
            "show_save_and_add_another": False,
            "show_save_and_continue": False,
            **(extra_context or {}),
        }
        return super().add_view(request, form_url, extra_context)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)  # ?list_type= from the home page
        editable = Agency.objects.editable_by(request.user)
        if editable.count() == 1:
            initial["agency"] = editable.first()
        return initial

    def response_add(self, request, obj, post_url_continue=None):
        # The clerk lands on the new list's draft, where rows are typed or imported.
        draft = obj.versions.order_by("-number").first()
        self.message_user(request, f"已创建“{obj}”，请在第 {draft.number} 版草稿中填写事项。")
        return redirect(reverse("admin:lists_listversion_change", args=[draft.pk]))

    def save_model(self, request, obj, form, change):
        if change:
            return
        editable = Agency.objects.editable_by(request.user)
        # A clerk's agency comes from the clerk, never from the form.
        agency = editable.get() if editable.count() == 1 else form.cleaned_data["agency"]
        if not can_edit_agency(request.user, agency):
            raise PermissionDenied
        created = workflow.create_list(
            agency, form.cleaned_data["list_type"], acting_user=request.user
        )
        obj.pk, obj.agency = created.pk, agency

    def has_module_permission(self, request):
        return has_scope(request)

    def has_view_permission(self, request, obj=None):
        return has_scope(request)

    def has_add_permission(self, request):
        return Agency.objects.editable_by(request.user).exists()

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ListVersion)
class ListVersionAdmin(WorkflowAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "number",
        "badge",
        "row_total",
        "submitted_at",
        "published_at",
        "updated_at",
    ]
    list_filter = ["status", "list__list_type", AgencyFilter]
    search_fields = ["document_no"]  # the search itself: version_changelist.search_versions
    search_help_text = "按单位名称、文号，或事项、适用条件、依据中的词查找；多个词用空格分开。"
    readonly_fields = [
        "list",
        "number",
        "badge",
        "document_no",
        "effective_date",
        "review_opinion",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "published_by",
        "published_at",
    ]
    # Rows first: the version's own fields fold away above them.
    fieldsets = [
        (
            "版本信息与修订说明",
            {"fields": ["list", "number", "badge", "change_summary"], "classes": ["collapse"]},
        ),
        (
            "审查与发布",
            {
                "classes": ["collapse"],
                "fields": [
                    "review_opinion",
                    "document_no",
                    "effective_date",
                    "submitted_by",
                    "submitted_at",
                    "reviewed_by",
                    "reviewed_at",
                    "published_by",
                    "published_at",
                ],
            },
        ),
    ]
    inlines = [ItemInline, ReviewCommentInline, EventInline]
    # 修订说明 too: posted back unchanged (CRLF), it is unchanged.
    formfield_overrides = {models.TextField: {"form_class": OneFormField}}

    class Media:
        css = {"all": ["lists/editor.css"]}
        js = ["lists/editor.js"]

    @admin.display(description="状态", ordering="status")
    def badge(self, obj):
        return status_badge(obj)

    # Not named item_count: that model field (kept for published versions only) would win.
    @admin.display(description="事项数")
    def row_total(self, obj):
        return getattr(obj, "item_total", None)  # counted for the page: VersionChangeList

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .visible_to(request.user)
            .select_related("list__agency", "list__list_type")
        )

    def get_changelist(self, request, **kwargs):
        return VersionChangeList

    def get_search_results(self, request, queryset, search_term):
        return search_versions(queryset, search_term)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, ItemInline) and obj is not None:
            # A very large version opens one page of rows at a time (lists/editor/pages.py).
            page = pages.page_of(obj, pages.requested_page(request))
            if page is not None:
                kwargs["queryset"] = kwargs["queryset"].filter(
                    seq__gte=page.first_seq, seq__lte=page.last_seq
                )
            kwargs["editor_page"] = page
        return kwargs

    def response_change(self, request, obj):
        response = super().response_change(request, obj)  # 提交审查: WorkflowAdminMixin
        page = pages.requested_page(request)
        if "_continue" in request.POST and page > 1:
            response["Location"] = f"{request.path}?page={page}"
        return response

    def save_model(self, request, obj, form, change):
        # Lock the row as the workflow does: a submit racing this save waits, or this save
        # sees the new status and is refused.
        stored = ListVersion.objects.select_for_update().filter(pk=obj.pk).values("status")
        if stored and stored[0]["status"] not in ListVersion.EDITABLE_STATUSES:
            raise FrozenVersionError()
        if form.has_changed():  # an unchanged save writes nothing
            super().save_model(request, obj, form, change)

    def log_change(self, request, obj, message):
        if message:  # nothing changed: nothing to log
            return super().log_change(request, obj, message)

    @transaction.atomic
    def save_formset(self, request, form, formset, change):
        if formset.model is not Item:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)  # fills new/changed/deleted_objects for the change log
        deleted = set(formset.deleted_forms)  # the property re-validates the formset on each read
        page, rows = formset.editor_page, []
        kept = sum(1 for f in formset.initial_forms if f not in deleted)
        for row_form in formset.forms:
            if row_form in deleted or not row_form.has_changed():
                if row_form.instance.pk is not None and row_form not in deleted:
                    rows.append(RowEdit(row_form.instance, changed=False))
                continue
            typed = row_form.cleaned_data.get("seq")
            moved = typed is not None and (
                row_form.instance.pk is None or "seq" in row_form.changed_data
            )
            if typed is None and row_form.instance.pk is None and page is not None:
                # A row added on a page of a long version goes after that page's rows.
                kept += 1
                typed, moved = page.first_position - 1 + kept, True
            content = set(row_form.changed_data) - {"seq"}
            rows.append(RowEdit(row_form.instance, bool(content), typed if moved else None))
        save_rows(form.instance, rows, list(formset.deleted_objects))
        if formset.has_changed():  # the four-eyes rule remembers who wrote rows
            review_actions.record_edit(form.instance, request.user, "在管理后台修改事项")
            # The version's 更新时间 follows its rows (its own form may not have changed).
            ListVersion.objects.filter(pk=form.instance.pk).update(updated_at=timezone.now())

    def has_module_permission(self, request):
        return has_scope(request)

    def has_view_permission(self, request, obj=None):
        return has_scope(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return has_scope(request)
        return obj.is_editable and can_edit_agency(request.user, obj.list.agency)

    def has_delete_permission(self, request, obj=None):
        return False


# Registered by importing them: 检索同义词, 清单类型说明 and 节假日安排.
from lists import reference_admin, synonyms_admin  # noqa: E402,F401
