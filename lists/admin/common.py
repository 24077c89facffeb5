"""What every lists admin page asks: may this person see lists at all, and a version's badge."""

from django.utils.html import format_html

from agencies.models import Agency
from lists.models import ListVersion


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
