"""The row editor's header and rows (lists/editor/rows.py) for its inline template."""

from django import template

from lists.editor import rows

register = template.Library()


@register.simple_tag
def editor_header(inline_admin_formset):
    return rows.header(inline_admin_formset)


@register.simple_tag
def editor_rows(inline_admin_formset):
    return rows.rows(inline_admin_formset)
