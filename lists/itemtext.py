"""One form of item text, for every write path: what a reader sees, stored one way only.

Browsers post textarea line breaks as CRLF, Word pastes a vertical tab for a soft line break,
spreadsheets leave trailing spaces and PDFs decomposed accents. Stored as typed, the same visible
text would be stored in many forms, and every diff would report rows that no reader could tell
apart. So item text is brought to one form before it is stored:

- line breaks (CRLF, CR, vertical tab, form feed, NEL, U+2028/U+2029) become "\\n";
- other control characters (Unicode category Cc, except "\\n" and "\\t"), lone surrogates and the
  noncharacters U+FFFE/U+FFFF are dropped: none of them is visible, and XML (so .xlsx and .docx)
  cannot hold most of them;
- Unicode NFC (canonically equivalent sequences look the same and become the same);
- spaces at the end of each line and blank edges of the whole text are trimmed (Django's form
  fields strip edges too, so the form and the model agree).

Nothing else is rewritten: full-width punctuation, traditional characters, enumerations such as
（1）and the indentation inside the text stay as the agency wrote them.

`Item.save()`, `ItemQuerySet.bulk_create()/update()/bulk_update()` apply it (lists.models.items); the
admin's form fields use it so an unchanged row compares equal (lists.admin); the database
refuses what it can check portably (no control characters, LF only; `one_form_check`).
"""

import re
import unicodedata

from django import forms
from django.db import models
from django.db.models import Lookup, Q

_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
# Cc except \t and \n (line breaks are handled above), surrogates, U+FFFE and U+FFFF.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Anything either of the two above would change: text without it skips them (most text).
_ODD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def normalise(text: str | None) -> str:
    """The one stored form of a text (see the module docstring); idempotent; linear time."""
    if not text:
        return ""
    text = str(text)
    if _ODD.search(text):
        text = _INVISIBLE.sub("", _LINE_BREAKS.sub("\n", text))
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def normalise_value(value):
    """`normalise` applied to every string inside a JSON value (keys too)."""
    if isinstance(value, str):
        return normalise(value)
    if isinstance(value, dict):
        return {normalise(str(key)): normalise_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [normalise_value(item) for item in value]
    return value


def normalise_fields(obj, names) -> None:
    """Bring the named text attributes of `obj` to the one form, in place."""
    for name in names:
        value = getattr(obj, name, None)
        if isinstance(value, str):
            setattr(obj, name, normalise(value))
        elif name == "extra" and value:
            setattr(obj, name, normalise_value(value))


class OneFormField(forms.CharField):
    """A form field that cleans to the one form: a row posted back unchanged (CRLF and all)
    compares equal to what is stored, so the formset sees no change and writes nothing."""

    def to_python(self, value):
        return normalise(super().to_python(value))


# --- the database's share -------------------------------------------------------------------

# What the database can check on every backend: no control character other than \t and \n
# (so no CR either). NUL is left out: PostgreSQL cannot store it at all, and SQLite cannot hold it
# inside the constraint's own SQL.
_FORBIDDEN_RANGES = [(0x01, 0x08), (0x0B, 0x1F), (0x7F, 0x9F)]


_FORBIDDEN = re.compile(
    "[" + "".join(f"\\x{low:02x}-\\x{high:02x}" for low, high in _FORBIDDEN_RANGES) + "]"
)


def has_control_character(text) -> bool:
    """What `one_form_check` refuses, asked in Python (the same ranges)."""
    return isinstance(text, str) and _FORBIDDEN.search(text) is not None


class HasControlCharacter(Lookup):
    """`field__has_control_character=True`: the text holds a character the one form drops.

    PostgreSQL (and MySQL) answer with a regular expression; SQLite, which has no built-in
    one, with GLOB and a character class. Used by `one_form_check`."""

    lookup_name = "has_control_character"
    prepare_rhs = False

    def _sql(self, compiler, connection, template: str, pattern: str):
        lhs, params = self.process_lhs(compiler, connection)
        return template.format(lhs=lhs), [*params, pattern]

    def as_sql(self, compiler, connection):
        ranges = "".join(f"\\x{low:02x}-\\x{high:02x}" for low, high in _FORBIDDEN_RANGES)
        return self._sql(compiler, connection, "{lhs} REGEXP %s", f"[{ranges}]")

    def as_postgresql(self, compiler, connection):
        ranges = "".join(f"\\x{low:02x}-\\x{high:02x}" for low, high in _FORBIDDEN_RANGES)
        return self._sql(compiler, connection, "{lhs} ~ %s", f"[{ranges}]")

    def as_sqlite(self, compiler, connection):
        ranges = "".join(f"{chr(low)}-{chr(high)}" for low, high in _FORBIDDEN_RANGES)
        return self._sql(compiler, connection, "{lhs} GLOB %s", f"*[{ranges}]*")


models.CharField.register_lookup(HasControlCharacter)
models.TextField.register_lookup(HasControlCharacter)


def one_form_check(fields) -> Q:
    """A CheckConstraint condition: none of `fields` holds a control character."""
    condition = Q()
    for name in fields:
        condition &= ~Q(**{f"{name}__has_control_character": True})
    return condition
