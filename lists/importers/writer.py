"""Writing a checked preview into the drafts of an agency's lists, all or nothing."""

from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max

from agencies.permissions import can_edit_agency
from lists import workflow
from lists.importers.results import ImportFailed, ParsedRow, Preview
from lists.importers.text import TEXT_FIELDS, squash
from lists.itemtext import normalise
from lists.models import EnforcementList, FrozenVersionError, Item, ListType, ListVersion
from lists.ordering import section_rank
from lists.review_actions import record_edit
from lists.services import renumber

REPLACE, APPEND = "replace", "append"
CHUNK = 1000  # rows built and inserted at a time
MODES = {REPLACE: "替换草稿中的全部事项", APPEND: "追加到草稿现有事项之后"}
UNKNOWN_LIST_TYPE = "没有代码为“{code}”的清单类型。"
ABOLISHED = "本单位的“{name}”已废止，不能导入。"


def import_preview(
    preview: Preview, *, agency, acting_user, list_type: str | None = None, mode: str = REPLACE
) -> list[ListVersion]:
    """Write every row of a valid preview into its list's draft; one transaction, or nothing.

    The list of each type (and its draft) is created when missing. REPLACE empties the draft
    first, keeping the `key` of rows whose matter is unchanged so that the review diff stays
    meaningful; APPEND adds after the existing rows. Rows are numbered by lists.services.renumber.
    """
    if not preview.is_valid:
        raise ImportFailed(preview.all_errors)
    if not can_edit_agency(acting_user, agency):
        raise PermissionDenied(workflow.NOT_ALLOWED)
    groups: dict[str, list[ParsedRow]] = defaultdict(list)
    for parsed in preview.lists:
        if parsed.rows:
            groups[list_type or parsed.list_type].extend(parsed.rows)
    try:
        with transaction.atomic():
            return [
                _write(agency, _list_type(code), rows, acting_user, mode)
                for code, rows in groups.items()
            ]
    except (workflow.InvalidTransition, FrozenVersionError) as error:
        raise ImportFailed(error.message) from error


def _list_type(code: str) -> ListType:
    try:
        return ListType.objects.get(code=code)
    except ListType.DoesNotExist as error:
        raise ImportFailed(UNKNOWN_LIST_TYPE.format(code=code)) from error


def _write(agency, list_type: ListType, rows, acting_user, mode: str) -> ListVersion:
    enforcement_list = (
        EnforcementList.objects.select_for_update()
        .filter(agency=agency, list_type=list_type)
        .first()
    ) or workflow.create_list(agency, list_type, acting_user=acting_user)
    if enforcement_list.is_abolished:
        raise ImportFailed(ABOLISHED.format(name=list_type.name))
    draft = workflow.draft_for(enforcement_list, acting_user=acting_user)
    version = ListVersion.objects.select_for_update(of=("self",)).get(pk=draft.pk)
    if not version.is_editable:
        raise FrozenVersionError()
    keys = {}
    if mode == REPLACE:
        keys = {squash(matter): key for matter, key in version.items.values_list("matter", "key")}
        version.items.all().delete_all()
    start = version.items.aggregate(last=Max("seq"))["last"] or 0
    sections = {section.number: section for section in list_type.sections.all()}
    ordered = sorted(rows, key=lambda row: section_rank(row.section)) if mode == REPLACE else rows
    # In chunks, through the model's own bulk path (Item.objects.bulk_create fills the search
    # columns, and runs any other per-row hook the model has): memory stays flat however long
    # the list. The rows were checked against the model's field rules when read (reader.py).
    for first in range(0, len(ordered), CHUNK):
        chunk = ordered[first : first + CHUNK]
        numbers = range(start + first + 1, start + first + 1 + len(chunk))
        items = [
            _item(version, seq, row, sections, keys)
            for seq, row in zip(numbers, chunk, strict=True)
        ]
        Item.objects.bulk_create(items, batch_size=CHUNK)
    if mode == APPEND:
        # REPLACE rows are created numbered in renumber's order already (sections first), which
        # saves rewriting every row of a large import a second time.
        renumber(version)
    record_edit(version, acting_user, "导入表格")
    return version


def _item(version, seq: int, row: ParsedRow, sections, keys) -> Item:
    section = sections.get(row.section)
    values = {name: row.values.get(name, "") for name in TEXT_FIELDS}
    item = Item(
        version_id=version.pk,
        seq=seq,
        section_id=section.pk if section else None,
        extra=row.extra,
        **values,
    )
    # Matched in the one form the stored rows are in (lists.itemtext), so re-importing the same
    # file keeps every key, control characters and CRLF or not.
    if keys and (key := keys.pop(squash(normalise(item.matter)), None)) is not None:
        item.key = key
    return item
