"""Form widgets of the row editor that render without the template engine.

A 300-row page holds about 4,000 widgets; rendering each through Django's widget templates, and
then through format_html and flatatt, took most of the page's time. These subclasses keep
Django's attributes and values (get_context) and write the tag with one escape per value, so the
HTML is what the stock widgets write. The section drop-down reads its few sections once per page
instead of once per row.
"""

from html import escape

from django import forms
from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe

from lists.models import ListSection


def attributes(attrs: dict) -> str:
    """' name="value"' pairs as Django's attrs.html writes them (True: bare, False/None: left out)."""
    out = []
    for name, value in attrs.items():
        if value is True:
            out.append(f" {name}")
        elif value is not False and value is not None:
            out.append(f' {name}="{escape(str(value))}"')
    return "".join(out)


class FastTextarea(forms.Textarea):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        # The newline after <textarea> is dropped by the parser, so a value may start with one.
        text = escape(str(widget["value"] or ""), quote=False)
        return mark_safe(
            f'<textarea name="{name}"{attributes(widget["attrs"])}>\n{text}</textarea>'
        )


class FastInputMixin:
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        value = widget["value"]
        shown = f' value="{escape(str(value))}"' if value is not None else ""
        return mark_safe(
            f'<input type="{self.input_type}" name="{name}"{shown}{attributes(widget["attrs"])}>'
        )


class FastNumberInput(FastInputMixin, forms.NumberInput):
    pass


class FastHiddenInput(FastInputMixin, forms.HiddenInput):
    pass


class FastCheckbox(forms.CheckboxInput):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        return mark_safe(f'<input type="checkbox" name="{name}"{attributes(widget["attrs"])}>')


class FastSelect(forms.Select):
    """A <select> whose options may carry a title (the full text of a shortened label)."""

    def __init__(self, attrs=None, choices=(), titles=None):
        super().__init__(attrs, choices)
        self.titles = titles or {}

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = []
        for _group, group_options, _index in widget["optgroups"]:
            for option in group_options:
                key = str(option["value"])
                title = f' title="{escape(self.titles[key])}"' if key in self.titles else ""
                selected = " selected" if option["selected"] else ""
                label = escape(str(option["label"]))
                options.append(f'<option value="{escape(key)}"{selected}{title}>{label}</option>')
        return mark_safe(
            f'<select name="{name}"{attributes(widget["attrs"])}>{"".join(options)}</select>'
        )


def short_section_label(section) -> str:
    """ "一、违法行为轻微……" → "一类": the row's drop-down stays short; the heading says it all."""
    numeral = section.title.split("、", 1)[0] if "、" in section.title[:4] else str(section.number)
    return f"{numeral}类"


class SectionField(forms.ModelChoiceField):
    """The section of a row, chosen among the list type's sections read once for the page."""

    def __init__(self, sections, **kwargs):
        self.sections = list(sections)
        kwargs.setdefault("empty_label", "未选择")
        titles = {str(s.pk): s.title for s in self.sections}
        kwargs["widget"] = FastSelect(titles=titles)
        super().__init__(queryset=ListSection.objects.none(), **kwargs)

    def _get_choices(self):
        return [("", self.empty_label)] + [(s.pk, short_section_label(s)) for s in self.sections]

    choices = property(_get_choices, forms.ChoiceField.choices.fset)

    def __deepcopy__(self, memo):
        # Every row's form copies its fields: skip ModelChoiceField's clone of a queryset this
        # field never reads (the sections are a list; the copied widget keeps its choices).
        return forms.Field.__deepcopy__(self, memo)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        for section in self.sections:
            if str(section.pk) == str(value):
                return section
        raise ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )


class RowIdField(forms.ModelChoiceField):
    """A row's hidden id, looked up among the rows the formset was built from (one query for
    the page, not one per row)."""

    def __init__(self, formset, **kwargs):
        self.formset = formset
        kwargs.setdefault("widget", FastHiddenInput())
        # No queryset of its own: rows come from the formset's (a clone per row cost more).
        super().__init__(queryset=None, required=False, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            key = self.formset.model._meta.pk.to_python(value)
        except ValidationError:
            key = None
        # A row outside them is None here: ItemFormSet.clean refuses the form with its message.
        return self.formset._existing_object(key) if key is not None else None
