"""The editor's one JSON endpoint: a pasted block read as an import reads it."""

from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404

from agencies.permissions import can_edit_agency
from lists.editor.paste import read_paste
from lists.models import FROZEN_VERSION_MESSAGE, ListVersion
from lists.workflow import NOT_ALLOWED


def paste(model_admin, request, object_id: int):
    """POST text (tab-separated) and start (the column pasted into) → rows and problems."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    versions = ListVersion.objects.visible_to(request.user).select_related(
        "list__agency", "list__list_type"
    )
    version = get_object_or_404(versions, pk=object_id)
    if not can_edit_agency(request.user, version.list.agency):
        return JsonResponse({"rows": [], "errors": [NOT_ALLOWED]}, status=403)
    if not version.is_editable:
        return JsonResponse({"rows": [], "errors": [FROZEN_VERSION_MESSAGE]}, status=403)
    text = request.POST.get("text", "")
    start = request.POST.get("start", "matter")
    return JsonResponse(read_paste(text, version.list.list_type, start))
