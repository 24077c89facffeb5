"""Template access to the oversight panels: reviewer aids and the dashboard panels."""

from django import template

from oversight import dashboard
from oversight import review_aids as aids

register = template.Library()


@register.simple_tag
def review_aids(version) -> dict:
    return aids.review_aids(version)


@register.simple_tag(takes_context=True)
def oversight_dashboard(context) -> dict:
    request = context.get("request")
    return dashboard.panels_for(request.user) if request is not None else {}
