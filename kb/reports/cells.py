"""Every exported cell is text a spreadsheet shows, never a formula it runs.

Wagtail's SpreadsheetExportMixin (behind all of kb's report views, Wagtail's own
reports such as "Search terms" and "Site history", and form submissions) passes
each value of both formats through `preprocess_field_value`; kb wraps that one
method at start-up instead of each report, so a new report is safe by default.
"""

import re

from wagtail.admin.views.mixins import SpreadsheetExportMixin

# What a spreadsheet reads as the start of a formula (OWASP's "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 (so XLSX) cannot hold or openpyxl refuses, plus DEL and the
# C1 controls: terminal escapes (ESC, CSI) that a CSV viewed in a shell would run.
UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]"
)


def spreadsheet_cell(value):
    """`value` as a cell: unprintable characters shown as U+FFFD, formulas quoted."""
    if not isinstance(value, str):
        return value
    value = UNPRINTABLE.sub("\ufffd", value)
    if value.startswith(FORMULA_START):
        return "'" + value
    return value


def protect_spreadsheet_exports():
    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "kb_protected", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        return spreadsheet_cell(original(self, field, value, export_format))

    preprocess_field_value.kb_protected = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
