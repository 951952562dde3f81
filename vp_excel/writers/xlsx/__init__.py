"""The report workbook writer (xlsxwriter): live status formulas, conditional formats, and the
empty arbetsbok that `init` writes."""

from .workbook import write_arbetsbok, write_report_workbook

__all__ = ["write_arbetsbok", "write_report_workbook"]
