"""Backfill the dates that decide what is in force (lists.in_force).

Published and superseded versions are frozen, and this migration writes to them anyway: it
changes no text a reader sees, only records when each version was in force, which until now was
wrongly read from `status` (a version published with a future 施行日期 replaced the one in
force at once). For each list, in order of version number:

- a published version without 施行日期 gets the day it was published (what the site showed);
- `in_force_until` is the next published version's 施行日期, or the day the list was abolished;
- every version that came into force gets a 施行 event dated by its 施行日期 (not before its
  publication), and a 被新版本替代 event is dated no earlier than the day it took effect.
"""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.db import migrations

SHANGHAI = ZoneInfo("Asia/Shanghai")
PUBLIC = ("published", "superseded")


def _start(day):
    return datetime.combine(day, time.min, tzinfo=SHANGHAI)


def _day(moment):
    return moment.astimezone(SHANGHAI).date()


def backfill(apps, schema_editor):
    EnforcementList = apps.get_model("lists", "EnforcementList")
    ListVersion = apps.get_model("lists", "ListVersion")
    Event = apps.get_model("lists", "Event")
    for enforcement_list in EnforcementList.objects.all().iterator():
        versions = list(
            ListVersion.objects.filter(list=enforcement_list, status__in=PUBLIC).order_by("number")
        )
        for version in versions:
            if version.effective_date is None:
                version.effective_date = _day(version.published_at or version.created_at)
        for version, successor in zip(versions, [*versions[1:], None], strict=True):
            if successor is not None:
                until = successor.effective_date
            elif enforcement_list.abolished_at is not None:
                until = _day(enforcement_list.abolished_at)
            else:
                until = None
            if until is not None:
                until = max(until, version.effective_date)
            version.in_force_until = until
            version.save(update_fields=["effective_date", "in_force_until"])
            _date_events(Event, version, successor)


def _date_events(Event, version, successor):
    published_at = version.published_at or version.created_at
    took_effect = max(_start(version.effective_date), published_at)
    never = version.in_force_until is not None and version.in_force_until <= version.effective_date
    if not never and not Event.objects.filter(version=version, action="in_force").exists():
        Event.objects.create(
            version=version,
            actor=None,
            action="in_force",
            at=took_effect,
            note=f"第 {version.number} 版自{version.effective_date.year}年"
            f"{version.effective_date.month}月{version.effective_date.day}日起施行",
        )
    if successor is not None and version.in_force_until is not None:
        ended = _start(version.in_force_until)
        Event.objects.filter(version=version, action="supersede", at__lt=ended).update(at=ended)


class Migration(migrations.Migration):
    dependencies = [("lists", "0006_in_force_dates")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
