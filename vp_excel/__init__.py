"""vp-excel: a verksamhetsplan's arbetsbok in, a live report workbook and a Word report out.

The public API: `check`, `build` and `init_workbook` (see `api`), the `read_plan` reader, the
rules (`evaluate`, `assess`, `summary_sentence`) and the errors.
"""

__version__ = "0.1.0"

__all__ = ["__version__", "check", "build", "init_workbook", "read_plan", "evaluate", "assess",
           "summary_sentence", "VpExcelError"]


def __getattr__(name: str):
    # Lazy: `vp-excel --help` must not import openpyxl, pandas or python-docx.
    if name in ("check", "build", "init_workbook"):
        from . import api
        return getattr(api, name)
    if name == "read_plan":
        from .reader import read_plan
        return read_plan
    if name in ("evaluate", "assess", "summary_sentence"):
        from . import rules
        return getattr(rules, name)
    if name == "VpExcelError":
        from .errors import VpExcelError
        return VpExcelError
    raise AttributeError(name)
