"""One door for what goes into a spreadsheet cell: every exporter (public downloads, API files,
admin export, the agencies' import-export spreadsheet) passes each cell, headers included,
through `safe_cell` and nothing else.

Spreadsheet programs run text that starts with = + - @ (or a tab or carriage return that hides
one) as a formula; Excel and WPS also accept the full-width forms ＝＋－＠ typed by Chinese input
methods, and skip leading spaces. Such text gets a leading apostrophe, which the spreadsheet
shows as plain text and does not display.
"""

# ASCII triggers, their full-width (U+FF0B…) and small (U+FE62…) forms.
FORMULA_TRIGGERS = frozenset("=+-@\t\r＝＋－＠﹦﹢﹣﹫")
# What a spreadsheet skips before looking for a trigger.
LEADING_BLANKS = " \u3000\u00a0\n"


def is_formula_like(text: str) -> bool:
    return text.lstrip(LEADING_BLANKS)[:1] in FORMULA_TRIGGERS


def safe_cell(value: object) -> object:
    """The value a spreadsheet cell may hold: text that would run as a formula is prefixed
    with an apostrophe; numbers, dates and None pass unchanged."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value
