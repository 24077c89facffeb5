"""Public search support: a normalised `search_text` column computed by the database, and on
PostgreSQL a pg_trgm GIN index so `LIKE '%词%'` (Django's `contains`, not `icontains`, which wraps
UPPER() and defeats the index) is served by the index for queries of 3+ characters.
"""

import django.db.models.functions.text
from django.db import migrations, models

SEP = models.Value("\n", output_field=models.TextField())
TRGM_INDEX = "lists_item_search_text_trgm"


def create_trgm_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRGM_INDEX} ON lists_item "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop_trgm_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRGM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("lists", "0002_seed_list_types"),
    ]

    operations = [
        migrations.AddField(
            model_name="item",
            name="search_text",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.functions.text.Lower(
                    django.db.models.functions.text.Concat(
                        "matter",
                        SEP,
                        "condition",
                        SEP,
                        "legal_basis",
                        SEP,
                        "note",
                        output_field=models.TextField(),
                    )
                ),
                output_field=models.TextField(),
                verbose_name="检索文本",
            ),
        ),
        migrations.RunPython(create_trgm_index, drop_trgm_index, elidable=False),
    ]
