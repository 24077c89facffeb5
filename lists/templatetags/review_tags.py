"""Template access to lists.dashboard for the admin index (templates/admin/index.html)."""

from django import template

from agencies.permissions import can_edit_public_texts
from lists import workdays
from lists.dashboard import dashboard_for

register = template.Library()


@register.simple_tag(takes_context=True)
def review_dashboard(context) -> dict:
    request = context.get("request")
    return dashboard_for(request.user) if request is not None else {}


@register.simple_tag(takes_context=True)
def lead_review_overview(context) -> dict | None:
    """The bureau lead's review figures; None for anyone who leads no justice bureau."""
    from agencies.models import Agency, Membership
    from lists.review_stats import lead_overview

    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return None
    leads_bureau = Membership.objects.filter(
        user=request.user, role=Membership.Role.LEAD, agency__kind=Agency.Kind.JUSTICE
    ).exists()
    return lead_overview(request.user) if leads_bureau else None


@register.simple_tag(takes_context=True)
def clerk_start(context) -> dict | None:
    """The clerk's four lists and the starting buttons; None for anyone who is no clerk."""
    from lists.clerk_home import clerk_lists, continue_url

    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return None
    cards = clerk_lists(request.user)
    return {"cards": cards, "continue_url": continue_url(cards)} if cards else None


@register.inclusion_tag("admin/lists/_calendar_warning.html", takes_context=True)
def calendar_warning(context) -> dict:
    """The warning while clocks reach into a year whose holidays nobody has entered, with a link
    to the table for those who keep it."""
    warning = workdays.calendar_warning()
    request = context.get("request")
    can_fix = bool(warning and request and can_edit_public_texts(request.user))
    return {"warning": warning, "can_fix": can_fix}
