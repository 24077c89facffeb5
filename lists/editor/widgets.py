"""Form widgets of the row editor that render without the template engine.

A 300-row page holds about 3,600 widgets; rendering each through Django's widget templates took
most of the page's time. These subclasses keep Django's attributes and values (get_context) and
only write the final tag with format_html, so the HTML is the same as the stock widgets'.
The section drop-down reads its few sections once per page instead of once per row.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

from lists.models import ListSection


def _attrs(context) -> str:
    return flatatt(context["widget"]["attrs"])


class FastTextarea(forms.Textarea):
    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)
        # The newline after <textarea> is dropped by the parser, so a value may start with one.
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>',
            name,
            _attrs(context),
            context["widget"]["value"] or "",
        )


class FastInputMixin:
    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)
        value = context["widget"]["value"]
        shown = format_html(' value="{}"', value) if value is not None else ""
        return format_html(
            '<input type="{}" name="{}"{}{}>', self.input_type, name, shown, _attrs(context)
        )


class FastNumberInput(FastInputMixin, forms.NumberInput):
    pass


class FastHiddenInput(FastInputMixin, forms.HiddenInput):
    pass


class FastCheckbox(forms.CheckboxInput):
    def render(self, name, value, attrs=None, renderer=None):
        return format_html(
            '<input type="checkbox" name="{}"{}>',
            name,
            _attrs(self.get_context(name, value, attrs)),
        )


class FastSelect(forms.Select):
    """A <select> whose options may carry a title (the full text of a shortened label)."""

    def __init__(self, attrs=None, choices=(), titles=None):
        super().__init__(attrs, choices)
        self.titles = titles or {}

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)
        options = [
            (
                option["value"],
                " selected" if option["selected"] else "",
                format_html(' title="{}"', self.titles[str(option["value"])])
                if str(option["value"]) in self.titles
                else "",
                option["label"],
            )
            for _group, group_options, _index in context["widget"]["optgroups"]
            for option in group_options
        ]
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            _attrs(context),
            format_html_join("", '<option value="{}"{}{}>{}</option>', options),
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

    def to_python(self, value):
        if value in self.empty_values:
            return None
        for section in self.sections:
            if str(section.pk) == str(value):
                return section
        raise ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )
