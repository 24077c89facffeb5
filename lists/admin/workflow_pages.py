"""The workflow on a version's admin page: its URLs (every workflow view), its buttons, 提交审查
from the change form itself, and the 403 page for a write to a frozen version.

The views themselves live beside it: the clerk's steps in lists.admin_views, the reviewer's in
lists.review_views and lists.review_queue_views, pasting rows in lists.editor.views. Each calls a
lists.workflow verb; nothing here writes a status.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from agencies.permissions import can_edit_agency, reviewable_agency_ids
from lists import admin_views, review_queue_views, review_views, workflow
from lists.admin_views import DONE, WORKFLOW_ERRORS, change_url, error_text
from lists.editor import views as editor_views
from lists.models import FROZEN_VERSION_MESSAGE, FrozenVersionError

SAVED_NOT_SUBMITTED = "修改已保存，但未能提交审查：{}"
NOT_SAVED_NOT_SUBMITTED = "本页有需要修改的地方（见下方红字），修改未保存，也没有提交审查。"


class WorkflowAdminMixin:
    """For ListVersionAdmin: workflow URLs, buttons and opinion on the change page, refusals."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        version = self.get_object(request, object_id) if object_id else None
        if (
            request.method == "POST"
            and version
            and not self.has_change_permission(request, version)
        ):
            return self._refuse(request, version)
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except FrozenVersionError:
            if version is None:
                raise PermissionDenied(FROZEN_VERSION_MESSAGE) from None
            return self._refuse(request, version)

    def _refuse(self, request, version):
        """A write to a frozen version (or by someone who may not edit): 403, nothing changed."""
        reason = FROZEN_VERSION_MESSAGE if not version.is_editable else workflow.NOT_ALLOWED
        self.message_user(request, reason, messages.ERROR)
        context = {**self.admin_site.each_context(request), "opts": self.opts}
        context.update(version=version, reason=reason, title="不能修改")
        template = "admin/lists/listversion/refused.html"
        return TemplateResponse(request, template, context, status=403)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        version = self.get_object(request, object_id)
        if version is not None:
            comments = list(version.comments.select_related("author"))
            extra_context = {
                "workflow_buttons": admin_views.workflow_buttons(request, version),
                "can_import": version.is_editable
                and can_edit_agency(request.user, version.list.agency),
                "can_submit": version.is_editable
                and can_edit_agency(request.user, version.list.agency),
                "general_comments": [c for c in comments if c.item_id is None],
                "row_comment_count": sum(1 for c in comments if c.item_id is not None),
                **(extra_context or {}),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        # 提交审查 submits the change form itself: the rows on the page are saved (in this
        # transaction) and then the version is submitted, so a typed row is never left behind.
        if "_submit" not in request.POST:
            return super().response_change(request, obj)
        try:
            workflow.submit(obj, acting_user=request.user)
        except WORKFLOW_ERRORS as error:
            self.message_user(
                request, SAVED_NOT_SUBMITTED.format(error_text(error)), messages.ERROR
            )
        else:
            self.message_user(request, DONE["save_submit"], messages.SUCCESS)
        return redirect(change_url(obj))

    def render_change_form(self, request, context, *args, **kwargs):
        if request.method == "POST" and "_submit" in request.POST:  # the form has errors
            self.message_user(request, NOT_SAVED_NOT_SUBMITTED, messages.ERROR)
        return super().render_change_form(request, context, *args, **kwargs)

    def changelist_view(self, request, extra_context=None):
        is_reviewer = reviewable_agency_ids(request.user).exists()
        return super().changelist_view(
            request, {"is_reviewer": is_reviewer, **(extra_context or {})}
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        name = "lists_listversion_"

        def bind(func, **kwargs):
            return view(lambda request, **kw: func(self, request, **kw, **kwargs))

        verbs = [
            path(
                f"<int:object_id>/{verb}/", bind(admin_views.run_verb, verb=verb), name=name + verb
            )
            for verb in ("submit", "withdraw", "revise")
        ]
        return [
            path("review-queue/", bind(review_queue_views.queue), name=name + "review_queue"),
            path("<int:object_id>/review/", bind(review_views.review), name=name + "review"),
            path("<int:object_id>/assign/", bind(review_queue_views.assign), name=name + "assign"),
            path(
                "<int:object_id>/replies/", bind(review_queue_views.replies), name=name + "replies"
            ),
            path("<int:object_id>/paste/", bind(editor_views.paste), name=name + "paste"),
            path("<int:object_id>/publish/", bind(admin_views.publish), name=name + "publish"),
            path("<int:object_id>/abolish/", bind(admin_views.abolish), name=name + "abolish"),
            path(
                "<int:object_id>/export.xlsx",
                bind(admin_views.export, fmt="xlsx"),
                name=name + "export_xlsx",
            ),
            path(
                "<int:object_id>/export.csv",
                bind(admin_views.export, fmt="csv"),
                name=name + "export_csv",
            ),
            *verbs,
            *super().get_urls(),
        ]
