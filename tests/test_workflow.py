"""The transition table, every state x verb x role, and the rules around it."""

import datetime
import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection, connections

from lists import workflow
from lists.models import Event, FrozenVersionError, Item, ListVersion, ReviewComment
from tests.conftest import draft_list, make_user, published_version

S = ListVersion.Status
STATES = ["draft", "submitted", "returned", "approved", "published", "superseded"]
VERBS = ["submit", "withdraw", "return_for_changes", "approve", "publish", "start_revision"]
ROLES = ["clerk", "other_clerk", "reviewer", "other_reviewer", "anonymous"]
# verb -> (the one role of these five allowed to do it, the states it starts from, target)
ALLOWED = {
    "submit": ("clerk", {"draft", "returned"}, "submitted"),
    "withdraw": ("clerk", {"submitted"}, "draft"),
    "return_for_changes": ("reviewer", {"submitted"}, "returned"),
    "approve": ("reviewer", {"submitted"}, "approved"),
    "publish": ("clerk", {"approved"}, "published"),
    "start_revision": ("clerk", {"published", "superseded"}, "draft"),
}
ACTIONS = {
    "submit": "submit",
    "withdraw": "withdraw",
    "return_for_changes": "return",
    "approve": "approve",
    "publish": "publish",
}


def build(state: str, agency, clerk, reviewer) -> ListVersion:
    """A version in `state`, reached through the workflow verbs only."""
    if state in ("published", "superseded"):
        version = published_version(agency, clerk, reviewer)
        if state == "superseded":
            revision = workflow.start_revision(version.list, acting_user=clerk)
            workflow.submit(revision, acting_user=clerk)
            workflow.approve(revision, acting_user=reviewer)
            workflow.publish(revision, acting_user=clerk, document_no="示市监发〔2025〕2号")
            version.refresh_from_db()
        return version
    version = draft_list(agency, clerk)
    if state == "draft":
        return version
    workflow.submit(version, acting_user=clerk)
    if state == "returned":
        workflow.return_for_changes(version, acting_user=reviewer, opinion="请补充法律依据。")
    elif state == "approved":
        workflow.approve(version, acting_user=reviewer)
    return version


def call(verb: str, version: ListVersion, user):
    if verb == "start_revision":
        return workflow.start_revision(version.list, acting_user=user)
    kwargs = {
        "return_for_changes": {"opinion": "第1项适用条件不明确。"},
        "approve": {"opinion": "同意。"},
        "publish": {"document_no": "示市监发〔2025〕9号"},
    }.get(verb, {})
    return getattr(workflow, verb)(version, acting_user=user, **kwargs)


def snapshot() -> dict:
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (ListVersion, Item, Event, ReviewComment)
    }


def expected_refusal(verb: str, state: str, role: str, version: ListVersion):
    """(exception class, message) for a refused call, or None when the move is allowed."""
    actor, sources, _target = ALLOWED[verb]
    if role != actor:
        return PermissionDenied, workflow.NOT_ALLOWED
    if state in sources:
        return None
    if verb == "start_revision":
        message = workflow.OPEN_VERSION_EXISTS.format(
            number=version.number, status=version.get_status_display()
        )
        return workflow.InvalidTransition, message
    spec = workflow.TRANSITIONS[ACTIONS[verb]]
    message = workflow.WRONG_STATE.format(status=version.get_status_display(), verb=spec.verb)
    return workflow.InvalidTransition, message


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("verb", VERBS)
@pytest.mark.parametrize("state", STATES)
def test_transition_table(state, verb, role, request, agency, clerk, reviewer):
    version = build(state, agency, clerk, reviewer)
    user = AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)
    refusal = expected_refusal(verb, state, role, version)
    before = snapshot()
    events_before = Event.objects.count()

    if refusal is not None:
        error_class, message = refusal
        with pytest.raises(error_class) as caught:
            call(verb, version, user)
        assert str(caught.value) == message
        assert snapshot() == before
        return

    result = call(verb, version, user)
    target = ALLOWED[verb][2]
    # Publishing also records the entry into force (施行), dated by the 施行日期.
    assert Event.objects.count() == events_before + (2 if verb == "publish" else 1)
    if verb == "start_revision":
        assert result.pk != version.pk and result.status == target
        assert list(result.events.values_list("action", flat=True)) == ["revise"]
        assert ListVersion.objects.get(pk=version.pk).status == state
        return
    version.refresh_from_db()
    assert version.status == target
    event = version.events.exclude(action=Event.Action.IN_FORCE).order_by("-pk").first()
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        ACTIONS[verb],
        state,
        target,
        user,
    )


def test_submit_needs_at_least_one_item(agency, clerk):
    empty = draft_list(agency, clerk, rows=[])
    before = snapshot()
    with pytest.raises(workflow.InvalidTransition) as caught:
        workflow.submit(empty, acting_user=clerk)
    assert caught.value.message == workflow.EMPTY_VERSION
    assert snapshot() == before


def test_submit_refuses_rows_without_condition(agency, clerk):
    version = draft_list(agency, clerk)
    Item.objects.filter(version=version, seq=2).update(condition="  ")
    with pytest.raises(workflow.InvalidTransition) as caught:
        workflow.submit(version, acting_user=clerk)
    assert caught.value.message == workflow.INCOMPLETE_ITEMS.format(seqs="2")
    assert ListVersion.objects.get(pk=version.pk).status == S.DRAFT


def test_return_without_opinion_is_refused_and_writes_nothing(agency, clerk, reviewer):
    version = build("submitted", agency, clerk, reviewer)
    before = snapshot()
    with pytest.raises(workflow.InvalidTransition) as caught:
        workflow.return_for_changes(version, acting_user=reviewer, opinion="   ")
    assert caught.value.message == workflow.OPINION_REQUIRED
    assert snapshot() == before


def test_withdraw_is_refused_once_the_reviewer_has_commented(agency, clerk, reviewer):
    version = build("submitted", agency, clerk, reviewer)
    workflow.add_comment(version, acting_user=reviewer, text="第1项依据有误", item=None)
    before = snapshot()
    with pytest.raises(workflow.InvalidTransition) as caught:
        workflow.withdraw(version, acting_user=clerk)
    assert caught.value.message == workflow.REVIEW_STARTED
    assert snapshot() == before


def test_comments_of_an_earlier_round_do_not_block_withdrawal(agency, clerk, reviewer):
    version = build("returned", agency, clerk, reviewer)
    ReviewComment.objects.filter(version=version).delete()
    workflow.submit(version, acting_user=clerk)
    workflow.add_comment(version, acting_user=reviewer, text="旧意见")
    workflow.return_for_changes(version, acting_user=reviewer, opinion="请修改")
    workflow.submit(version, acting_user=clerk)
    workflow.withdraw(version, acting_user=clerk)
    assert version.status == S.DRAFT


def test_only_a_reviewer_of_the_bureau_comments_and_only_while_submitted(
    agency, clerk, reviewer, other_reviewer
):
    version = build("submitted", agency, clerk, reviewer)
    item = version.items.first()
    for user in (clerk, other_reviewer):
        with pytest.raises(PermissionDenied):
            workflow.add_comment(version, acting_user=user, text="x", item=item)
    with pytest.raises(workflow.InvalidTransition) as caught:
        workflow.add_comment(version, acting_user=reviewer, text=" ", item=item)
    assert caught.value.message == workflow.COMMENT_REQUIRED
    comment = workflow.add_comment(version, acting_user=reviewer, text="请核对", item=item)
    assert (comment.item, comment.author) == (item, reviewer)
    workflow.approve(version, acting_user=reviewer)
    with pytest.raises(workflow.InvalidTransition) as caught:
        workflow.add_comment(version, acting_user=reviewer, text="晚了")
    assert caught.value.message == workflow.COMMENT_NOT_ALLOWED


def test_publish_supersedes_the_version_in_force_and_stamps_document(agency, clerk, reviewer):
    first = published_version(agency, clerk, reviewer)
    revision = workflow.start_revision(first.list, acting_user=clerk)
    workflow.submit(revision, acting_user=clerk)
    workflow.approve(revision, acting_user=reviewer)
    day = first.effective_date + datetime.timedelta(days=40)
    workflow.publish(
        revision, acting_user=clerk, document_no="示市监发〔2025〕3号", effective_date=day
    )
    first.refresh_from_db()
    revision.refresh_from_db()
    assert (first.status, revision.status) == (S.SUPERSEDED, S.PUBLISHED)
    assert (revision.document_no, revision.effective_date) == ("示市监发〔2025〕3号", day)
    assert first.in_force_until == day
    assert first.events.filter(action="supersede").count() == 1


def test_start_revision_copies_items_and_keeps_keys(published, clerk):
    draft = workflow.start_revision(published.list, acting_user=clerk)
    old = list(published.items.values_list("seq", "matter", "key"))
    assert list(draft.items.values_list("seq", "matter", "key")) == old
    assert draft.number == published.number + 1
    assert not set(draft.items.values_list("pk", flat=True)) & set(
        published.items.values_list("pk", flat=True)
    )


def test_lead_of_the_bureau_acts_for_the_agency_but_cannot_review(agency, clerk, lead, reviewer):
    version = draft_list(agency, clerk)
    workflow.submit(version, acting_user=lead)
    with pytest.raises(PermissionDenied):
        workflow.approve(version, acting_user=lead)
    assert version.status == S.SUBMITTED


def test_superuser_may_not_review(agency, clerk, superuser):
    version = draft_list(agency, clerk)
    workflow.submit(version, acting_user=superuser)
    with pytest.raises(PermissionDenied):
        workflow.approve(version, acting_user=superuser)


@pytest.mark.parametrize("state", ["submitted", "approved", "published", "superseded"])
def test_frozen_versions_refuse_model_and_queryset_writes(state, agency, clerk, reviewer):
    version = build(state, agency, clerk, reviewer)
    before = snapshot()
    item = version.items.first()
    item.matter = "改写"
    for write in (
        item.save,
        item.delete,
        lambda: version.items.update(matter="改写"),
        lambda: Item.objects.filter(version=version).delete(),
        lambda: Item.objects.create(version=version, seq=99, matter="新增", condition="x"),
        lambda: ListVersion.objects.get(pk=version.pk).save(),
        lambda: ListVersion.objects.get(pk=version.pk).delete(),
    ):
        with pytest.raises(FrozenVersionError):
            write()
    assert snapshot() == before


# -- two reviewers at once: real transactions, real row locks (PostgreSQL only) ------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_reviewers_deciding_at_once_exactly_one_wins(agency, clerk, reviewer, bureau):
    second = make_user("reviewer2-sfj", bureau, "reviewer")
    version = draft_list(agency, clerk)
    workflow.submit(version, acting_user=clerk)
    barrier = threading.Barrier(2)
    results = {}

    def decide(name, verb, user):
        try:
            barrier.wait(timeout=10)
            if verb == "approve":
                workflow.approve(ListVersion.objects.get(pk=version.pk), acting_user=user)
            else:
                workflow.return_for_changes(
                    ListVersion.objects.get(pk=version.pk), acting_user=user, opinion="请修改"
                )
            results[name] = "ok"
        except workflow.InvalidTransition as error:
            results[name] = error.message
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=("a", "approve", reviewer)),
        threading.Thread(target=decide, args=("b", "return", second)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results.values()).count("ok") == 1, results
    loser = next(message for message in results.values() if message != "ok")
    version.refresh_from_db()
    assert version.status in (S.APPROVED, S.RETURNED)
    assert loser == workflow.WRONG_STATE.format(
        status=version.get_status_display(),
        verb=workflow.TRANSITIONS["approve" if version.status == S.RETURNED else "return"].verb,
    )
    assert version.events.filter(action__in=["approve", "return"]).count() == 1
