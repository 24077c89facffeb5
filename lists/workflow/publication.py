"""What the public sees changes: publishing an approved version, abolishing a list."""

from django.db import transaction
from django.utils import timezone

from follow import alerts
from lists import generation, in_force, succession
from lists.models import EnforcementList, Event, ListVersion
from lists.workflow.drafts import lock_settled_list
from lists.workflow.messages import NOTHING_TO_ABOLISH
from lists.workflow.transitions import (
    InvalidTransition,
    record_event,
    transition,
)

Status = ListVersion.Status
Action = Event.Action


def publish(
    version: ListVersion, *, acting_user, document_no: str = "", effective_date=None
) -> ListVersion:
    changes = {"document_no": (document_no or "").strip() or version.document_no}
    # 施行日期 decides when the version is in force (lists.in_force); today if left blank.
    changes["effective_date"] = effective_date or version.effective_date or in_force.today()
    return transition(version, Action.PUBLISH, acting_user=acting_user, changes=changes)


def abolish(enforcement_list: EnforcementList, *, acting_user, note: str = "") -> EnforcementList:
    """Mark a list 已废止. Nothing is deleted: every published version stays readable."""
    with transaction.atomic():
        # An open draft could still be submitted and published onto an abolished list.
        locked = lock_settled_list(enforcement_list, acting_user)
        current = locked.versions.filter(status=Status.PUBLISHED).first()
        if current is None:
            raise InvalidTransition(NOTHING_TO_ABOLISH)
        locked.abolished_at = timezone.now()
        locked.save(update_fields=["abolished_at"])
        succession.end_all(locked.pk)
        generation.bump()
        record_event(current, acting_user, Action.ABOLISH, current.status, note)
        alerts.on_change(current, "abolish", note)
    enforcement_list.abolished_at = locked.abolished_at
    return locked
