"""The half-year (or monthly) report: figures (data), words (text), .docx and .xlsx renderings."""

from oversight.report.data import Report, build_report
from oversight.report.docx import render_docx
from oversight.report.xlsx import render_xlsx

RENDERERS = {"docx": render_docx, "xlsx": render_xlsx}
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

__all__ = ["CONTENT_TYPES", "RENDERERS", "Report", "build_report", "render_docx", "render_xlsx"]
