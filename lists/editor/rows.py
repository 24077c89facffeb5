"""The rows of the editor as HTML, sections as headings between them.

Each row is one grid (placed by static/lists/editor.css):
  序号 (and 分节 below it) · 事项 · 实施机关 · 适用条件 · 法律依据 · 备注 — the official columns in
  the official order — then, under them, the columns a list may add (类别 · 从宽依据 · 配套监管措施 ·
  其他列), which fold away when no row of the version uses them; at the right 删除 and the
  reviewer's comments and ⚠ flags of the row. The order of the cells here is the reading and Tab
  order. Rendered in Python rather than through the admin's tabular template: a 300-row page is
  about 4,000 cells.

The markup keeps what django/contrib/admin/static/admin/js/inlines.js needs to add and remove
rows: `tr.form-row` rows with ids `items-N`, the `items-empty` template row, the remove link
in the last cell.
"""

from html import escape

from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from lists.editor.widgets import short_section_label

OFFICIAL = ("matter", "implementing_body", "condition", "legal_basis", "note")
MORE = ("category", "leniency_basis", "supervision_measures", "extra_columns")
REMARKS = ("review_comments", "flags")
CELLS = 1 + len(OFFICIAL) + len(MORE) + 2
NO_SECTION = "未选择分节"
NEW_ROWS = "新增的行（保存后按所选分节归入）"


def header(inline_admin_formset) -> SafeString:
    fields = {f["name"]: f for f in inline_admin_formset.fields()}

    def th(name, label=None):
        field = fields.get(name, {})
        help_text = field.get("help_text") or ""
        return format_html(
            '<th class="column-{}{}" scope="col"{}>{}</th>',
            name,
            " required" if field.get("required") else "",
            format_html(' title="{}"', help_text) if help_text else "",
            label if label is not None else field.get("label", ""),
        )

    seq = fields["seq"]["label"] + (" · 分节" if "section" in fields else "")
    remarks = " · ".join(fields[n]["label"] for n in REMARKS if n in fields)
    cells = [th("seq", seq), *(th(n) for n in OFFICIAL), *(th(n) for n in MORE)]
    cells += [th("remarks", remarks), mark_safe('<th class="column-delete"></th>')]
    return format_html("<thead><tr>{}</tr></thead>", mark_safe("".join(cells)))


def rows(inline_admin_formset) -> SafeString:
    formset = inline_admin_formset.formset
    titles = {s.pk: s.title for s in formset.sections}
    out, shown = [], object()
    for admin_form in inline_admin_formset:
        form = admin_form.form
        empty = "__prefix__" in form.prefix
        if titles and not empty:
            section = admin_form.original.section_id if admin_form.original else "new"
            if section != shown:
                title = NEW_ROWS if section == "new" else titles.get(section, NO_SECTION)
                out.append(
                    format_html(
                        '<tr class="section-heading"><td colspan="{}"><h3>{}</h3></td></tr>',
                        CELLS,
                        title,
                    )
                )
                shown = section
        errors = [*form.non_field_errors(), *(e for f in form.hidden_fields() for e in f.errors)]
        if errors:
            items = format_html_join("", "<li>{}</li>", ((e,) for e in errors))
            out.append(
                format_html(
                    '<tr class="row-form-errors"><td colspan="{}">'
                    '<ul class="errorlist nonfield">{}</ul></td></tr>',
                    CELLS,
                    items,
                )
            )
        out.append(_row(admin_form, formset.prefix, empty))
    return mark_safe("".join(out))


def _row(admin_form, prefix: str, empty: bool) -> str:
    # Plain strings from here down: every piece is a widget's own HTML, an inline display
    # (already safe) or text escaped by _text; format_html per cell cost a third of the page.
    form = admin_form.form
    cell = _Cells(admin_form)
    classes = "form-row" + (" has_original" if admin_form.original else "")
    classes += " empty-form" if empty else ""
    hidden = "".join(str(field) for field in form.hidden_fields())
    section = cell.content("section")
    section = f'<div class="field-section">{section}</div>' if section else ""
    cells = [
        f'<td class="field-seq">{hidden}{cell.content("seq")}{section}</td>',
        *(cell(name) for name in OFFICIAL),
        *(cell(name) for name in MORE),
        f'<td class="field-remarks">{"".join(cell.content(name) for name in REMARKS)}</td>',
        _delete(admin_form),
    ]
    row_id = f"{prefix}-empty" if empty else form.prefix
    return f'<tr class="{classes}" id="{row_id}">{"".join(cells)}</tr>'


def _text(value) -> str:
    return escape(str(value), quote=False).replace("\r\n", "\n").replace("\n", "<br>")


class _Cells:
    """The cells of one row: a widget where the user may edit, the stored text elsewhere."""

    def __init__(self, admin_form):
        self.form, self.original = admin_form.form, admin_form.original
        self.inline = admin_form.model_admin
        self.readonly = set(admin_form.readonly_fields)
        self.sections = {s.pk: s for s in admin_form.formset.sections}

    def __call__(self, name) -> str:
        return f'<td class="field-{name}">{self.content(name)}</td>'

    def content(self, name) -> str:
        if name in self.form.fields and name not in self.readonly:
            bound = self.form[name]
            errors = bound.errors
            return f"{errors if errors else ''}{bound.as_widget()}"
        if self.original is None:
            return ""
        if name in REMARKS or name == "extra_columns":  # the inline's displays: safe HTML
            return conditional_escape(getattr(self.inline, name)(self.original))
        if name == "section":
            section = self.sections.get(self.original.section_id)
            value = short_section_label(section) if section else ""
        else:
            value = getattr(self.original, name, None)
        if value is None or value == "":
            return ""
        return f'<div class="readonly">{_text(value)}</div>'


def _delete(admin_form) -> str:
    form = admin_form.form
    if admin_form.original is None or "DELETE" not in form.fields:
        return '<td class="delete"></td>'
    return f'<td class="delete"><label>{form["DELETE"].as_widget()} 删除</label></td>'
