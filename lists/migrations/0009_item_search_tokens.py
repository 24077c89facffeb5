"""Search by character bigrams (lists/search/tokens.py) instead of LIKE over a generated column.

Adds the three token columns (事项 / 条件 / 依据·备注), fills them for every existing row, drops the
pg_trgm index and the generated `search_text`, and on PostgreSQL creates two GIN indexes over the
tokens as a tsvector: one over all zones, one over the 事项 zone (lists/search/sql.py builds the
same expressions, which is what lets the planner use them).
"""

from django.db import migrations, models

ALL = "lists_item_search_gin"
MATTER = "lists_item_search_a_gin"


def vector(columns: str) -> str:
    return f"array_to_tsvector(array_remove(string_to_array({columns}, ' '), ''))"


def fill_tokens(apps, schema_editor):
    from lists.search.tokens import item_columns

    Item = apps.get_model("lists", "Item")
    batch = []
    for item in Item.objects.order_by("pk").iterator(chunk_size=2000):
        for column, tokens in item_columns(item).items():
            setattr(item, column, tokens)
        batch.append(item)
        if len(batch) == 2000:
            Item.objects.bulk_update(batch, ["search_a", "search_b", "search_c"])
            batch = []
    Item.objects.bulk_update(batch, ["search_a", "search_b", "search_c"])


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS lists_item_search_text_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {ALL} ON lists_item USING gin "
        f"(({vector('(search_a || search_b) || search_c')}))"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {MATTER} ON lists_item USING gin (({vector('search_a')}))"
    )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {ALL}")
        schema_editor.execute(f"DROP INDEX IF EXISTS {MATTER}")


class Migration(migrations.Migration):
    dependencies = [
        ("lists", "0008_import_upload"),
    ]

    operations = [
        migrations.AddField(
            model_name="item",
            name="search_a",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="检索词元（事项）"),
        ),
        migrations.AddField(
            model_name="item",
            name="search_b",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="检索词元（条件）"),
        ),
        migrations.AddField(
            model_name="item",
            name="search_c",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="检索词元（依据、备注）"
            ),
        ),
        migrations.RunPython(fill_tokens, migrations.RunPython.noop),
        migrations.RunPython(create_indexes, drop_indexes),
        migrations.RemoveField(model_name="item", name="search_text"),
    ]
