"""{% correction_form item %} on the item permalink; {% correction_panel %} on the admin index."""

from django import template

from agencies.models import Agency
from corrections.models import Correction
from corrections.views import form_context

register = template.Library()


@register.inclusion_tag("corrections/_form.html", takes_context=True)
def correction_form(context, item) -> dict:
    return {**form_context(item), "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("corrections/_dashboard_panel.html", takes_context=True)
def correction_panel(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    if not Agency.objects.visible_to(user).exists():
        return {"show": False}
    pending = (
        Correction.objects.visible_to(user)
        .filter(state=Correction.State.PENDING)
        .select_related("agency")
        .order_by("created_at")
    )
    return {"show": True, "pending": list(pending[:20]), "total": pending.count()}
