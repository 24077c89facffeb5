"""The legality-review workflow: the only code that writes a version's status.

One function per verb, each `(version, *, acting_user, …)`; wrong role → PermissionDenied,
wrong state → InvalidTransition. Every status change goes through `transitions.transition`: one
transaction that locks the version row, checks the actor's role and the state, changes the state,
writes one Event and queues the notification for after commit. A refused call writes nothing.

- transitions: the table TRANSITIONS and the one `transition()` (+ locking, Event rows)
- submission: submit, withdraw
- review: return_for_changes (keeping the round's rows), approve, add_comment
- publication: publish, abolish
- drafts: create_list, draft_for, start_revision
- messages: every refusal's text
"""

from lists.workflow.drafts import create_list, draft_for, start_revision
from lists.workflow.messages import (
    ALREADY_ABOLISHED,
    COMMENT_NOT_ALLOWED,
    COMMENT_REQUIRED,
    EARLIER_THAN_PREVIOUS,
    EMPTY_VERSION,
    INCOMPLETE_ITEMS,
    LIST_EXISTS,
    NO_PUBLISHED_VERSION,
    NO_SECTION,
    NOT_ALLOWED,
    NOTHING_TO_ABOLISH,
    OPEN_VERSION_EXISTS,
    OPINION_REQUIRED,
    REVIEW_STARTED,
    WRONG_STATE,
)
from lists.workflow.publication import abolish, publish
from lists.workflow.review import add_comment, approve, return_for_changes
from lists.workflow.submission import submit, withdraw
from lists.workflow.transitions import TRANSITIONS, InvalidTransition, Transition

__all__ = [
    "ALREADY_ABOLISHED",
    "COMMENT_NOT_ALLOWED",
    "COMMENT_REQUIRED",
    "EARLIER_THAN_PREVIOUS",
    "EMPTY_VERSION",
    "INCOMPLETE_ITEMS",
    "LIST_EXISTS",
    "NOTHING_TO_ABOLISH",
    "NOT_ALLOWED",
    "NO_PUBLISHED_VERSION",
    "NO_SECTION",
    "OPEN_VERSION_EXISTS",
    "OPINION_REQUIRED",
    "REVIEW_STARTED",
    "TRANSITIONS",
    "WRONG_STATE",
    "InvalidTransition",
    "Transition",
    "abolish",
    "add_comment",
    "approve",
    "create_list",
    "draft_for",
    "publish",
    "return_for_changes",
    "start_revision",
    "submit",
    "withdraw",
]
