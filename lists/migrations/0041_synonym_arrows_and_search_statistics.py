"""One-way synonym groups ("店、店铺 → 经营场所"), and finer planner statistics for search.

PostgreSQL estimates how many items a tsquery matches from the most common tokens ANALYZE keeps
for each GIN expression index: 100 × 10 tokens by default, so every token rarer than about 3% of
rows looks alike (0.5%). lists.search.plan decides between the index and a walk of the lists
from those estimates, so keep 1,000 × 10 tokens (down to about 0.05% of rows).
"""

from django.db import migrations, models

INDEXES = ("lists_item_search_gin", "lists_item_search_a_gin")


def finer_statistics(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in INDEXES:
        schema_editor.execute(f"ALTER INDEX IF EXISTS {index} ALTER COLUMN 1 SET STATISTICS 1000")
    schema_editor.execute("ANALYZE lists_item")


def default_statistics(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in INDEXES:
        schema_editor.execute(f"ALTER INDEX IF EXISTS {index} ALTER COLUMN 1 SET STATISTICS -1")


class Migration(migrations.Migration):
    # ANALYZE in the transaction that sets the statistics target keeps the old target.
    atomic = False
    dependencies = [("lists", "0040_starter_synonyms_broad")]

    operations = [
        migrations.AlterField(
            model_name="synonymgroup",
            name="mutual",
            field=models.BooleanField(
                default=True,
                help_text="不勾选且没有“→”时，只有第一个词语扩展到其他词语",
                verbose_name="双向",
            ),
        ),
        migrations.AlterField(
            model_name="synonymgroup",
            name="words",
            field=models.TextField(
                help_text="用顿号分隔，如“第一次、首次、初次”：检索其中任一词语时，也检索其他词语。"
                "用“→”写单向扩展，如“店、店铺 → 经营场所”：检索左边的词语时也检索右边的，反之不然。",
                verbose_name="词语",
            ),
        ),
        migrations.RunPython(finer_statistics, default_statistics),
    ]
