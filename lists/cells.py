"""One door for what goes into a spreadsheet cell: every exporter (public downloads, API files,
admin export, the agencies' import-export spreadsheet) passes each cell, headers included,
through `safe_cell` and nothing else.

Text the database may hold but XML (so .xlsx and .docx) cannot - control characters other than
tab, line feed and carriage return, lone surrogates, U+FFFE/U+FFFF - is dropped (`xml_safe`):
item text is stored without them (lists.itemtext), but agency names, 文号, section titles and
older data are not guaranteed to be, and one such character made every .xlsx download of its
version answer 500.

Spreadsheet programs run text that starts with = + - @ (or a tab or carriage return that hides
one) as a formula; Excel and WPS also accept the full-width forms ＝＋－＠ typed by Chinese input
methods, and skip leading spaces. Such text gets a leading apostrophe, which the spreadsheet
shows as plain text and does not display.
"""

import re

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# ASCII triggers, their full-width (U+FF0B…) and small (U+FE62…) forms.
FORMULA_TRIGGERS = frozenset("=+-@\t\r＝＋－＠﹦﹢﹣﹫")
# What a spreadsheet skips before looking for a trigger.
LEADING_BLANKS = " \u3000\u00a0\n"


def is_formula_like(text: str) -> bool:
    return text.lstrip(LEADING_BLANKS)[:1] in FORMULA_TRIGGERS


def xml_safe(text: str) -> str:
    """`text` without the characters an XML document cannot hold."""
    return _NOT_XML.sub("", text)


def safe_cell(value: object) -> object:
    """The value a spreadsheet cell may hold: XML-safe text, and text that would run as a
    formula prefixed with an apostrophe; numbers, dates and None pass unchanged."""
    if not isinstance(value, str):
        return value
    value = xml_safe(value)
    return "'" + value if is_formula_like(value) else value
