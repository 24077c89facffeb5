"""备案: every publication is filed with the bureau; 先公布后备案 runs a 10-working-day clock."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from oversight import filing
from oversight.deadlines import add_workdays
from oversight.models import BureauSettings, FilingRecord
from tests.conftest import published_version


def test_review_first_bureau_files_at_publication(published, bureau, clerk):
    record = FilingRecord.objects.get()
    assert record.version == published
    assert record.bureau == bureau
    assert record.filed_on == record.published_on
    assert record.filed_by == clerk
    assert record.number == f"备〔{record.published_on.year}〕1号"


def test_publish_first_bureau_waits_for_the_filing_with_a_working_day_deadline(
    bureau, agency, clerk, reviewer, lead
):
    BureauSettings.objects.create(
        bureau=bureau, filing_order="publish_first", filing_prefix="示司备"
    )
    published_version(agency, clerk, reviewer)
    record = FilingRecord.objects.get()
    assert record.filed_on is None
    assert record.due_on == add_workdays(record.published_on, 10)
    assert record.number.startswith("示司备〔")
    assert not record.is_overdue(record.due_on)
    assert record.is_overdue(record.due_on + datetime.timedelta(days=1))
    filing.mark_filed(record, acting_user=lead)
    record.refresh_from_db()
    assert record.filed_on is not None and record.filed_by == lead


def test_a_clerk_cannot_confirm_a_filing(bureau, agency, clerk, reviewer):
    BureauSettings.objects.create(bureau=bureau, filing_order="publish_first")
    published_version(agency, clerk, reviewer)
    record = FilingRecord.objects.get()
    with pytest.raises(PermissionDenied):
        filing.mark_filed(record, acting_user=clerk)
    record.refresh_from_db()
    assert record.filed_on is None


def test_working_days_skip_the_national_day_holiday():
    # 2024-09-30 (Mon) + 1 working day: 10月1日-7日 are holidays, so 10月8日.
    assert add_workdays(datetime.date(2024, 9, 30), 1) == datetime.date(2024, 10, 8)
    # Friday + 1 → Monday.
    assert add_workdays(datetime.date(2025, 3, 7), 1) == datetime.date(2025, 3, 10)


def test_each_publication_gets_its_own_numbered_record(published, agency, clerk, reviewer):
    published_version(agency, clerk, reviewer, code="lighter-penalty")
    numbers = sorted(FilingRecord.objects.values_list("number", flat=True))
    year = FilingRecord.objects.first().published_on.year
    assert numbers == [f"备〔{year}〕1号", f"备〔{year}〕2号"]
