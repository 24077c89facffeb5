"""Bring every stored item to the one form of text (lists.itemtext), in every version.

Published and superseded versions are frozen, and this migration writes to them anyway. It may,
because it changes nothing a reader sees: a CRLF and an LF are the same line break on every page,
print-out and download; the dropped control characters (vertical tabs pasted from Word, NUL, …)
are invisible, or made every .xlsx download of their version fail; trailing spaces are invisible;
NFC only joins sequences that are displayed as the same character. What it removes are false
differences: a row typed in a browser (CRLF) compared with the same row imported (LF) was reported
as changed, and because the versions are frozen that false record could never be corrected.

It also brings the row snapshots of returned review rounds to the same form (they are diffed
against the live rows), and recomputes the search tokens of the rows it changes (a dropped control
character can join two runs of text). Only rows whose text changes are written.
"""

from django.db import migrations

TEXT_FIELDS = (
    "matter",
    "category",
    "implementing_body",
    "condition",
    "legal_basis",
    "leniency_basis",
    "supervision_measures",
    "note",
)
BATCH = 1000


def normalise_items(apps, schema_editor):
    # The one definition of the form, on purpose: the rows must end up exactly as every write
    # path stores them from now on.
    from lists.itemtext import normalise, normalise_value
    from lists.search.tokens import item_columns

    Item = apps.get_model("lists", "Item")
    fields = [*TEXT_FIELDS, "extra", "search_a", "search_b", "search_c"]
    batch = []
    for item in Item.objects.order_by("pk").iterator(chunk_size=BATCH):
        before = [getattr(item, name) for name in (*TEXT_FIELDS, "extra")]
        for name in TEXT_FIELDS:
            setattr(item, name, normalise(getattr(item, name)))
        item.extra = normalise_value(item.extra or {})
        if [getattr(item, name) for name in (*TEXT_FIELDS, "extra")] == before:
            continue
        for column, tokens in item_columns(item).items():
            setattr(item, column, tokens)
        batch.append(item)
        if len(batch) == BATCH:
            Item.objects.bulk_update(batch, fields)
            batch = []
    Item.objects.bulk_update(batch, fields)


def normalise_rounds(apps, schema_editor):
    from lists.itemtext import normalise_value

    ReviewRound = apps.get_model("lists", "ReviewRound")
    for review_round in ReviewRound.objects.order_by("pk").iterator(chunk_size=100):
        rows = [
            {name: (normalise_value(value) if name != "key" else value) for name, value in row.items()}
            for row in review_round.snapshot or []
        ]
        if rows != review_round.snapshot:
            review_round.snapshot = rows
            review_round.save(update_fields=["snapshot"])


class Migration(migrations.Migration):
    dependencies = [("lists", "0071_explanations_and_authorities")]

    operations = [
        migrations.RunPython(normalise_items, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(normalise_rounds, migrations.RunPython.noop, elidable=False),
    ]
