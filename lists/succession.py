"""Which version follows which, and when: the dates lists.workflow writes on publish and abolish.

Called only by lists.workflow, inside its transaction. It keeps `in_force_until` (lists.in_force)
and the dated events of the public change feed: a publication writes 发布 now, and 施行 (plus the
predecessor's 被新版本替代) dated by the 施行日期, which may be ahead. An event dated ahead is a
forecast; a later publication or an abolition that overrides it deletes it, so the feed never
announces an entry into force that will not happen.
"""

from datetime import date, datetime

from django.db.models import Q
from django.utils import timezone

from lists.in_force import chinese_date, start_of, today
from lists.models import Event, ListVersion

Status = ListVersion.Status
Action = Event.Action
FORECAST_ACTIONS = (Action.IN_FORCE, Action.SUPERSEDE)


def _event(version, actor, action, at, note, from_status="", to_status="") -> Event:
    return Event.objects.create(
        version=version,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note,
        at=at,
    )


def _forget_forecasts(list_id: int, now: datetime, from_moment: datetime) -> None:
    Event.objects.filter(
        version__list_id=list_id, action__in=FORECAST_ACTIONS, at__gt=now, at__gte=from_moment
    ).delete()


def hand_over(new: ListVersion, previous: ListVersion | None, day: date) -> None:
    """Before `new` is saved as published with 施行日期 `day`: `previous` (the list's published
    version, locked) becomes superseded and stays in force until `day`."""
    _forget_forecasts(new.list_id, timezone.now(), start_of(day))
    if previous is not None:
        previous.status = Status.SUPERSEDED
        previous.in_force_until = day
        previous.save(update_fields=["status", "in_force_until", "updated_at"])


def record_entry_into_force(new: ListVersion, actor) -> None:
    """After `new` is published: its 施行 event and the 被新版本替代 of the version(s) it ends,
    dated by its 施行日期 (never before now)."""
    day = new.effective_date
    at = max(start_of(day), timezone.now())
    _event(new, actor, Action.IN_FORCE, at, f"第 {new.number} 版自{chinese_date(day)}起施行")
    # The previous version, and the one before it if `new` replaces a version before its own
    # 施行日期 (that one's forecast 被替代 was just forgotten): whatever ends on `day`.
    ending = (
        ListVersion.objects.filter(list_id=new.list_id, status=Status.SUPERSEDED)
        .filter(in_force_until=day)
        .exclude(events__action=Action.SUPERSEDE)
    )
    for version in ending:
        note = f"被第 {new.number} 版替代，{chinese_date(day)}起失效"
        _event(version, actor, Action.SUPERSEDE, at, note, Status.PUBLISHED, Status.SUPERSEDED)


def end_all(list_id: int) -> None:
    """On abolition (today): whatever is in force ends today; whatever was due never comes."""
    now, day = timezone.now(), today()
    _forget_forecasts(list_id, now, now)
    running = ListVersion.objects.filter(
        list_id=list_id, status__in=ListVersion.PUBLIC_STATUSES
    ).filter(Q(in_force_until__isnull=True) | Q(in_force_until__gt=day))
    for version in running:
        version.in_force_until = max(day, version.effective_date or day)
        version.save(update_fields=["in_force_until", "updated_at"])
