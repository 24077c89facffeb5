"""Small admin pages that call one oversight service each: a law's status, 无需调整, 备案."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views import View

from oversight import adjustment, filing
from oversight.models import AdjustmentTask, Law

ERRORS = (PermissionDenied, adjustment.OversightError)


def error_text(error) -> str:
    return getattr(error, "message", None) or str(error) or adjustment.NOT_BUREAU_LEAD


class LawStatusForm(forms.Form):
    status = forms.ChoiceField(label="状态", choices=Law.Status.choices)
    on_date = forms.DateField(
        label="修订/废止日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label="说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="如“2021年6月10日第十三届全国人大常委会第二十九次会议修正，2021年9月1日起施行”",
    )


class AdminPage(View):
    model_admin = None
    template = ""

    def render(self, request, **context):
        opts = self.model_admin.model._meta
        base = {**self.model_admin.admin_site.each_context(request), "opts": opts}
        return TemplateResponse(request, self.template, {**base, **context})


class LawStatusView(AdminPage):
    """标记已修订 / 已废止: every list in force citing the law gets an adjustment task."""

    template = "admin/oversight/law/status.html"

    def get_law(self, request, object_id):
        if not adjustment.can_change_laws(request.user):
            raise PermissionDenied(adjustment.NOT_BUREAU_LEAD)
        return get_object_or_404(Law, pk=object_id)

    def get(self, request, object_id):
        law = self.get_law(request, object_id)
        form = LawStatusForm(initial={"status": law.status, "on_date": timezone.localdate()})
        return self.render(request, law=law, form=form, title=f"变更法规状态：{law}")

    def post(self, request, object_id):
        law = self.get_law(request, object_id)
        form = LawStatusForm(request.POST)
        if form.is_valid():
            try:
                tasks = adjustment.change_law_status(
                    law,
                    form.cleaned_data["status"],
                    acting_user=request.user,
                    on_date=form.cleaned_data["on_date"],
                    note=form.cleaned_data["note"],
                )
            except ERRORS as error:
                messages.error(request, error_text(error))
            else:
                messages.success(
                    request,
                    f"{law}已标记为“{law.get_status_display()}”，已向 {len(tasks)} 份清单下达调整任务。",
                )
                return redirect(reverse("admin:oversight_law_change", args=[law.pk]))
        return self.render(request, law=law, form=form, title=f"变更法规状态：{law}")


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="无需调整的理由",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="如“本清单引用的第三十三条未作修改”。司法局可以看到该理由。",
        error_messages={"required": adjustment.REASON_REQUIRED},
    )


class DeclineTaskView(AdminPage):
    template = "admin/oversight/adjustmenttask/decline.html"

    def get_task(self, request, object_id):
        tasks = AdjustmentTask.objects.visible_to(request.user).select_related(
            "law", "list__agency"
        )
        return get_object_or_404(tasks, pk=object_id)

    def get(self, request, object_id):
        task = self.get_task(request, object_id)
        return self.render(request, task=task, form=DeclineForm(), title="无需调整")

    def post(self, request, object_id):
        task = self.get_task(request, object_id)
        form = DeclineForm(request.POST)
        if form.is_valid():
            try:
                adjustment.decline_task(
                    task, acting_user=request.user, reason=form.cleaned_data["reason"]
                )
            except ERRORS as error:
                messages.error(request, error_text(error))
            else:
                messages.success(request, "已记录“无需调整”及理由，任务办结。")
                return redirect(reverse("admin:oversight_adjustmenttask_change", args=[task.pk]))
        return self.render(request, task=task, form=form, title="无需调整")


def filing_state(record) -> str:
    today = timezone.localdate()
    if record.is_filed:
        late = "（逾期）" if record.is_overdue(today) else ""
        return f"已备案{late}"
    return "逾期未备案" if record.is_overdue(today) else "待备案"


def mark_filed(model_admin, request, queryset) -> None:
    done = 0
    for record in queryset:
        try:
            filing.mark_filed(record, acting_user=request.user)
        except ERRORS as error:
            model_admin.message_user(request, f"{record}：{error_text(error)}", messages.ERROR)
        else:
            done += 1
    if done:
        model_admin.message_user(request, f"已确认 {done} 份备案。", messages.SUCCESS)
