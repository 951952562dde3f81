"""The Word report writer (python-docx), with its WordprocessingML layer in `oxml/`."""

from .report import write_document

__all__ = ["write_document"]
