"""The reviewer's verbs: return for changes (keeping the round's rows), approve, comment."""

from types import SimpleNamespace
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from lists.four_eyes import check_four_eyes
from lists.models import Event, Item, ListVersion, ReviewComment, ReviewRound
from lists.workflow.messages import (
    COMMENT_NOT_ALLOWED,
    COMMENT_REQUIRED,
    NOT_ALLOWED,
    OPINION_REQUIRED,
)
from lists.workflow.transitions import (
    REVIEWER,
    InvalidTransition,
    check_actor,
    lock_version,
    transition,
)

Status = ListVersion.Status
Action = Event.Action


def return_for_changes(version: ListVersion, *, acting_user, opinion: str) -> ListVersion:
    opinion = (opinion or "").strip()

    def require_opinion(_locked):
        if not opinion:
            raise InvalidTransition(OPINION_REQUIRED)

    def keep_round(locked):
        snapshot_round(locked, acting_user, opinion)

    return transition(
        version,
        Action.RETURN,
        acting_user=acting_user,
        note=opinion,
        changes={"review_opinion": opinion},
        check=require_opinion,
        after=keep_round,
    )


def approve(version: ListVersion, *, acting_user, opinion: str = "") -> ListVersion:
    opinion = (opinion or "").strip()
    return transition(
        version,
        Action.APPROVE,
        acting_user=acting_user,
        note=opinion,
        changes={"review_opinion": opinion},
    )


def add_comment(version: ListVersion, *, acting_user, text: str, item=None) -> ReviewComment:
    """A reviewer's remark on a submitted version, on one row (`item`) or on the whole list."""
    text = (text or "").strip()
    with transaction.atomic():
        locked = lock_version(version)
        check_actor(REVIEWER, acting_user, locked.list.agency)
        check_four_eyes(acting_user, locked)  # a review comment is the second person's act too
        if locked.status != Status.SUBMITTED:
            raise InvalidTransition(COMMENT_NOT_ALLOWED)
        if not text:
            raise InvalidTransition(COMMENT_REQUIRED)
        if item is not None and item.version_id != locked.pk:
            raise PermissionDenied(NOT_ALLOWED)
        return ReviewComment.objects.create(
            version=locked, item=item, author=acting_user, text=text
        )


SNAPSHOT_FIELDS = ("key", "seq", "section_id", *Item.CONTENT_FIELDS, "extra")


def snapshot_round(version: ListVersion, acting_user, opinion: str) -> ReviewRound:
    """Called by return_for_changes inside its transaction."""
    rows = [
        {
            name: (str(value) if name == "key" else value)
            for name, value in zip(SNAPSHOT_FIELDS, row, strict=True)
        }
        for row in version.items.order_by("seq").values_list(*SNAPSHOT_FIELDS)
    ]
    number = version.review_rounds.count() + 1
    return ReviewRound.objects.create(
        version=version,
        number=number,
        returned_by=acting_user,
        returned_at=timezone.now(),
        opinion=opinion,
        snapshot=rows,
    )


def round_items(review_round: ReviewRound) -> list:
    """The rows of a returned round as item-like objects, for lists.diff."""
    return [
        SimpleNamespace(**{**row, "key": UUID(row["key"]), "pk": None, "section": None})
        for row in review_round.snapshot
    ]
