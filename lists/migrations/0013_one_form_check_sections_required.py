"""The database's share of the one form of item text (after 0012 brought the rows to it): no
control character other than TAB and LF in any content column, checked by a lookup that each
backend runs natively (lists.itemtext.HasControlCharacter: a regular expression on PostgreSQL,
GLOB on SQLite). And ListType.sections_required: in a list type with sections (不予处罚), a row
must belong to one before the version can be submitted.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('lists', '0012_item_text_one_form'),
    ]

    operations = [
        migrations.AddField(
            model_name='listtype',
            name='sections_required',
            field=models.BooleanField(default=True, help_text='本类清单设有分节时，每个事项须归入其中一节，方可提交审查', verbose_name='事项须归入分节'),
        ),
        migrations.AddConstraint(
            model_name='item',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('matter__has_control_character', True), _negated=True), models.Q(('category__has_control_character', True), _negated=True), models.Q(('implementing_body__has_control_character', True), _negated=True), models.Q(('condition__has_control_character', True), _negated=True), models.Q(('legal_basis__has_control_character', True), _negated=True), models.Q(('leniency_basis__has_control_character', True), _negated=True), models.Q(('supervision_measures__has_control_character', True), _negated=True), models.Q(('note__has_control_character', True), _negated=True)), name='item_text_one_form', violation_error_message='事项文字含有控制字符，请删除后再保存。'),
        ),
    ]
