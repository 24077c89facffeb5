"""施行日期 decides what is in force: the model interface, publish and abolish (frozen clock)."""

import datetime

import pytest

from lists import selectors, workflow
from lists.in_force import SHANGHAI, today
from lists.models import Event, Item, ListVersion, ReviewComment
from tests.conftest import published_revision, published_version

D = datetime.date
NEW_ROW = {
    "matter": "未按规定公示食品经营许可证",
    "legal_basis": "《食品经营许可和备案管理办法》第五十二条",
    "condition": "首次被发现，及时改正，未造成危害后果",
}


def snapshot_of() -> dict:
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (ListVersion, Item, Event, ReviewComment)
    }


def at(day: D, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)


@pytest.fixture
def clock(time_machine):
    """Freeze the clock on 2026-12-15 10:00 in Shanghai; `clock(moment)` moves it."""
    time_machine.move_to(at(D(2026, 12, 15)), tick=False)
    return lambda moment: time_machine.move_to(moment, tick=False)


@pytest.fixture
def pending(clock, agency, clerk, reviewer):
    """Version 1 in force since 2026-12-01; version 2 published on 12-15, in force from 2027-01-01."""
    first = published_version(agency, clerk, reviewer, effective_date=D(2026, 12, 1))
    second = published_revision(first, clerk, reviewer, [NEW_ROW], effective_date=D(2027, 1, 1))
    first.refresh_from_db()
    return first, second


def test_today_is_the_date_in_shanghai(clock):
    clock(datetime.datetime(2026, 12, 31, 16, 30, tzinfo=datetime.UTC))  # 00:30 in Shanghai
    assert today() == D(2027, 1, 1)


def test_future_version_does_not_replace_the_one_in_force_until_its_day(pending, clock):
    first, second = pending
    assert list(ListVersion.objects.in_force()) == [first]
    assert list(ListVersion.objects.upcoming()) == [second]
    clock(at(D(2026, 12, 31), 23, 59))
    assert list(selectors.current_versions()) == [first]
    clock(at(D(2027, 1, 1), 0, 1))
    assert list(selectors.current_versions()) == [second]
    assert list(ListVersion.objects.upcoming()) == []


def test_in_force_takes_any_day(pending):
    first, second = pending
    assert list(ListVersion.objects.in_force(D(2026, 11, 30))) == []
    assert list(ListVersion.objects.in_force(D(2026, 12, 1))) == [first]
    assert list(ListVersion.objects.in_force(D(2027, 1, 1))) == [second]
    assert set(ListVersion.objects.upcoming(D(2026, 11, 30))) == {first, second}


def test_items_in_force_follow_their_version(pending, clock):
    first, second = pending
    assert set(Item.objects.in_force().values_list("version", flat=True)) == {first.pk}
    assert not selectors.current_items().filter(matter=NEW_ROW["matter"]).exists()
    clock(at(D(2027, 1, 1), 8))
    assert selectors.current_items().filter(matter=NEW_ROW["matter"]).exists()
    assert set(Item.objects.in_force().values_list("version", flat=True)) == {second.pk}


def test_public_state_names_each_version_in_chinese(pending, clock):
    first, second = pending
    assert (first.public_state.code, first.public_state.label) == ("in_force", "现行有效")
    assert (second.public_state.code, second.public_state.label) == ("upcoming", "已公布待施行")
    assert second.public_state.detail == "已公布，2027年1月1日起施行"
    assert first.state_on(D(2027, 1, 1)).label == "已被修订"
    assert first.state_on(D(2027, 1, 1)).detail == "已被修订，2027年1月1日起失效"
    assert second.state_on(D(2027, 1, 1)).label == "现行有效"


def test_publish_records_publication_and_entry_into_force_separately(pending):
    first, second = pending
    published, entry = (
        second.events.get(action=Event.Action.PUBLISH),
        second.events.get(action=Event.Action.IN_FORCE),
    )
    assert published.at == at(D(2026, 12, 15))
    assert entry.at == at(D(2027, 1, 1), 0)
    assert first.events.get(action=Event.Action.SUPERSEDE).at == at(D(2027, 1, 1), 0)


def test_first_publication_with_future_date_has_nothing_in_force_until_then(
    clock, agency, clerk, reviewer
):
    version = published_version(agency, clerk, reviewer, effective_date=D(2027, 3, 1))
    assert not selectors.current_versions().exists()
    assert not selectors.current_items().exists()
    assert list(selectors.upcoming_versions()) == [version]
    clock(at(D(2027, 3, 1), 9))
    assert list(selectors.current_versions()) == [version]


def test_publish_refuses_a_date_earlier_than_the_pending_version_and_writes_nothing(
    pending, clerk, reviewer
):
    first, second = pending
    third = workflow.start_revision(second.list, acting_user=clerk)
    workflow.submit(third, acting_user=clerk)
    workflow.approve(third, acting_user=reviewer)
    before = snapshot_of()
    with pytest.raises(workflow.InvalidTransition) as refused:
        workflow.publish(third, acting_user=clerk, effective_date=D(2026, 12, 20))
    assert str(refused.value) == (
        "施行日期（2026年12月20日）不能早于第 2 版的施行日期（2027年1月1日）。"
        "已公布的版本只能由施行日期相同或更晚的新版本替代。"
    )
    assert snapshot_of() == before


def test_a_pending_version_replaced_on_its_own_day_never_comes_into_force(
    pending, clock, clerk, reviewer
):
    first, second = pending
    third = published_revision(second, clerk, reviewer, effective_date=D(2027, 1, 1))
    second.refresh_from_db()
    assert second.public_state.label == "已被修订"
    assert not second.events.filter(action=Event.Action.IN_FORCE).exists()
    assert first.events.filter(action=Event.Action.SUPERSEDE).count() == 1
    assert list(selectors.current_versions()) == [first]
    clock(at(D(2027, 1, 1), 9))
    assert list(selectors.current_versions()) == [third]


def test_abolish_ends_the_version_in_force_and_cancels_the_pending_one(pending, clock, clerk):
    first, second = pending
    workflow.abolish(first.list, acting_user=clerk, note="上位法废止")
    assert not selectors.current_versions().exists()
    assert not ListVersion.objects.upcoming().exists()
    clock(at(D(2027, 2, 1)))
    assert not selectors.current_versions().exists()
    for version in (first, second):
        version.refresh_from_db()
        assert version.public_state.label == "已废止"
    assert not Event.objects.filter(at__gt=at(D(2026, 12, 15))).exists()
