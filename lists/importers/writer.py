"""Writing a checked preview into the drafts of an agency's lists, all or nothing."""

from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from agencies.permissions import can_edit_agency
from lists import workflow
from lists.importers.results import ImportFailed, ParsedRow, Preview, RowError
from lists.importers.text import TEXT_FIELDS, squash
from lists.itemtext import normalise
from lists.models import EnforcementList, FrozenVersionError, Item, ListType, ListVersion
from lists.ordering import section_rank
from lists.review_actions import record_edit
from lists.services import renumber

REPLACE, APPEND = "replace", "append"
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
        version.items.all().delete()
    start = version.items.aggregate(last=Max("seq"))["last"] or 0
    sections = {section.number: section for section in list_type.sections.all()}
    ordered = sorted(rows, key=lambda row: section_rank(row.section)) if mode == REPLACE else rows
    items = [
        _item(version, start + number, row, sections, keys)
        for number, row in enumerate(ordered, start=1)
    ]
    _validate(items, ordered)
    Item.objects.bulk_create(items, batch_size=500)
    if mode == APPEND:
        # REPLACE rows are created numbered in renumber's order already (sections first), which
        # saves rewriting every row of a large import a second time.
        renumber(version)
    record_edit(version, acting_user, "导入表格")
    return version


def _validate(items: list[Item], rows: list[ParsedRow]) -> None:
    """The model's own field rules, as a last check before rows bypass save() in bulk."""
    errors = []
    for item, row in zip(items, rows, strict=True):
        try:
            # A list that states its condition outside the table imports without one; submitting
            # it for review still requires every row to have one (lists.workflow).
            blank = [] if item.condition else ["condition"]
            item.clean_fields(exclude=["version", "section", "seq", "key", *blank])
        except ValidationError as error:
            errors.append(RowError("；".join(error.messages), row.place))
    if errors:
        raise ImportFailed(errors)


def _item(version, seq: int, row: ParsedRow, sections, keys) -> Item:
    values = {name: row.values.get(name, "") for name in TEXT_FIELDS}
    item = Item(version=version, seq=seq, section=sections.get(row.section), extra=row.extra)
    for name, value in values.items():
        setattr(item, name, value)
    # Matched in the one form the stored rows are in (lists.itemtext), so re-importing the same
    # file keeps every key, control characters and CRLF or not.
    if (key := keys.pop(squash(normalise(item.matter)), None)) is not None:
        item.key = key
    return item
