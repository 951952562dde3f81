"""The Word report writer (python-docx), with its WordprocessingML layer in `oxml/`.

`write_document` loads on first use, so `check` can ask `writers.docx.kinds` which document a
period makes without importing python-docx."""

from __future__ import annotations

from typing import Any

__all__ = ["write_document"]


def __getattr__(name: str) -> Any:
    if name == "write_document":
        from .report import write_document

        return write_document
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
