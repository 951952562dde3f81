"""The developer documentation keeps up with the code: the CLI reference is the current
`--help`, every module has an opening docstring and a line in docs/arkitektur.md, modules over
~450 lines are explained there, the API page names every public call, and README's test
command is the one CI runs."""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PACKAGE = ROOT / "vp_excel"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)
MAX_LINES = 450


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_cli_reference_is_the_current_help():
    maker = _load(DOCS / "make_cli_reference.py")
    assert (DOCS / "cli.md").read_text(encoding="utf-8") == maker.reference(), \
        "docs/cli.md är inaktuell: kör python docs/make_cli_reference.py"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_opens_with_a_docstring_naming_its_job(path):
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert docstring and len(docstring.split()) >= 4, path


def _architecture_names() -> str:
    return (DOCS / "arkitektur.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", [p for p in MODULES if p.name != "__init__.py"],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_has_its_line_in_the_architecture_page(path):
    relative = path.relative_to(PACKAGE).as_posix()
    text = _architecture_names()
    folder = relative.rsplit("/", 1)[0] + "/" if "/" in relative else ""
    # A module is named by its path, or (the raw XML layer) by its folder and its own name.
    assert f"`{relative}`" in text or (folder and f"`{folder}`" in text
                                       and f"`{path.stem}`" in text), relative


def test_long_modules_are_explained_in_the_architecture_page():
    text = _architecture_names()
    section = text[text.index("## Moduler över cirka 450 rader"):]
    for path in MODULES:
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            name = path.relative_to(PACKAGE).as_posix()
            assert f"`{name}`" in section, f"{name}: {lines} rader, inte förklarat"


def test_the_api_page_names_every_public_call():
    from vp_excel import api

    page = (DOCS / "api.md").read_text(encoding="utf-8")
    public = [name for name, value in vars(api).items()
              if callable(value) and not name.startswith("_")
              and getattr(value, "__module__", "") == api.__name__]
    assert {"check", "build", "init_workbook"} <= set(public)
    missing = [name for name in public if f"`{name}" not in page]
    assert missing == []


def test_readme_s_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = re.search(r"testkommandot `([^`]+)`", readme)
    assert command, "README names no test command"
    words = command.group(1).split()
    assert "ruff" in words and "mypy" in words and "pytest" in words
    # CI may call the same tools through its own interpreter or quietly: compare the steps.
    def steps(text: str) -> list[str]:
        return [re.sub(r"^(\S*python3?|\"?\$\w+\"?)\s+|\s-q\b", "", step.strip()).strip()
                for step in text.split("&&")]

    run_line = next(line for line in ci.splitlines() if "pytest" in line
                    and not line.lstrip().startswith("#"))
    assert steps(run_line) == steps(command.group(1))
