"""Writing the security audit trail: one function, `record`, for every event.

Who acted and from which address come from the request being served (kept in a context
variable by security.middleware), so that model signals — a membership saved in the admin, a
password set by a form — are attributed without passing the request around. Outside a request
(management commands, the shell) the actor is the system and the address is empty.
"""

from contextvars import ContextVar

from portal.network import client_ip
from security.models import AuditEntry

Action = AuditEntry.Action
Result = AuditEntry.Result

current_request: ContextVar = ContextVar("security_current_request", default=None)


def _actor(request, user):
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        if candidate is not None and candidate.is_authenticated:
            user = candidate
    return user


def record(
    action: str,
    *,
    result: str = Result.SUCCESS,
    target: str = "",
    detail: str = "",
    user=None,
    username: str = "",
    request=None,
) -> AuditEntry:
    """Append one row: who (`user`, or the request's user, or `username` as typed at a login),
    when, from which address, what (`action`, `target`, `detail`) and with what `result`."""
    request = request if request is not None else current_request.get()
    user = _actor(request, user)
    address = client_ip(request) if request is not None else ""
    return AuditEntry.objects.create(
        actor_id=user.pk if user is not None else None,
        actor=(user.get_username() if user is not None else username)[:150],
        ip=address or None,
        action=action,
        result=result,
        target=str(target)[:300],
        detail=str(detail),
        path=(request.path if request is not None else "")[:300],
    )
