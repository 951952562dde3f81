"""The period report being written: its plan, evaluation, document kind and title, on top of
the `DocumentWriter` every Word report shares (body, styles, page estimate, helpers)."""

from __future__ import annotations

from docx.document import Document as DocxDocument

from ...model import Plan
from ...rules import Evaluation
from .base import DocumentWriter
from .kinds import VERKSAMHETSPLAN, document_title


class ReportContext(DocumentWriter):
    """What the sections share while they append to one document, top to bottom."""

    def __init__(self, evaluation: Evaluation, document: DocxDocument, kind: str,
                 has_template: bool):
        super().__init__(document, has_template)
        self.evaluation = evaluation
        self.plan: Plan = evaluation.plan
        self.kind = kind
        self.settings = self.plan.settings
        self.period = self.plan.period(evaluation.period)
        self.title = document_title(self.plan, self.period, kind)
        # The motivations said once (sections/summary.py said_once): two passes over the plan,
        # made once for the summary and the analysis both.
        self.said_once: list[str] | None = None

    @property
    def is_plan(self) -> bool:
        return self.kind == VERKSAMHETSPLAN
