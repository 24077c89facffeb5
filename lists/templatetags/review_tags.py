"""Template access to lists.dashboard for the admin index (templates/admin/index.html)."""

from django import template

from lists.dashboard import dashboard_for

register = template.Library()


@register.simple_tag(takes_context=True)
def review_dashboard(context) -> dict:
    request = context.get("request")
    return dashboard_for(request.user) if request is not None else {}
