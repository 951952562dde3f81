"""The Word report of the roll-up, in the house style of the verksamhet reports: a
`RollupContext` (a `DocumentWriter`, like the period report's `ReportContext`) and the
sections in `sections/`, called in order by `report.py`."""

from .report import write_rollup_document

__all__ = ["write_rollup_document"]
