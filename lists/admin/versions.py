"""清单版本: a version's page (its rows, review comments and audit trail), scoped by visible_to."""

from django.contrib import admin
from django.db import models, transaction
from django.utils import timezone

from agencies.admin import ScopedAdminMixin
from agencies.permissions import can_edit_agency
from lists import review_actions
from lists.admin.common import has_scope, status_badge
from lists.admin.items import ItemInline
from lists.admin.workflow_pages import WorkflowAdminMixin
from lists.editor import pages
from lists.itemtext import OneFormField
from lists.models import Event, FrozenVersionError, Item, ListVersion, ReviewComment
from lists.services import RowEdit, save_rows
from lists.version_changelist import AgencyFilter, VersionChangeList, search_versions


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


# Written by the workflow only: shown, never edited here.
REVIEW_AND_PUBLICATION = [
    "review_opinion",
    "document_no",
    "effective_date",
    "submitted_by",
    "submitted_at",
    "reviewed_by",
    "reviewed_at",
    "published_by",
    "published_at",
]


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
    readonly_fields = ["list", "number", "badge", *REVIEW_AND_PUBLICATION]
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
                "fields": REVIEW_AND_PUBLICATION,
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
