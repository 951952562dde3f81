"""The shape of the package, read from its source: the library never imports the command line,
and no module imports itself back through others (no import cycle, imports inside functions
counted too: they are how a cycle hides). Only imports for type checkers are left out."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "vp_excel"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _nodes(tree: ast.AST):
    """Every node but those under `if TYPE_CHECKING:`."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            yield from (n for child in node.orelse for n in [child, *_nodes(child)])
            continue
        yield node
        yield from _nodes(node)


def _base(module: str, level: int, path: Path) -> str:
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for _ in range(level - 1):
        package = package.rpartition(".")[0]
    return package


def imports(module: str) -> set[str]:
    """The vp_excel modules `module` imports, each as the module itself (a name imported
    from a package is the submodule when there is one, else the package)."""
    path = MODULES[module]
    found: set[str] = set()
    for node in _nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:
                base = _base(module, node.level, path)
                target = f"{base}.{target}" if target else base
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in MODULES else target)
    return {name for name in found if name in MODULES and name != module}


@functools.cache
def graph() -> dict[str, set[str]]:
    """Every module's imports, parsed once by the worker that runs these tests (not at
    collection, which every worker does)."""
    return {module: imports(module) for module in MODULES}


COMMAND_LINE = ("vp_excel.cli", "vp_excel.__main__")


def _is_command_line(module: str) -> bool:
    return any(module == top or module.startswith(top + ".") for top in COMMAND_LINE)


@pytest.mark.parametrize("module", [m for m in MODULES if not _is_command_line(m)])
def test_the_library_never_imports_the_command_line(module):
    assert not [name for name in graph()[module] if _is_command_line(name)]


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_among_the_modules():
    assert _cycles(graph()) == []


@pytest.mark.parametrize("graph, cycles", [
    ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, [["a", "b", "c"]]),
    ({"a": {"b"}, "b": {"a"}, "c": {"a"}}, [["a", "b"]]),
])
def test_the_cycle_finder_finds_cycles(graph, cycles):
    assert _cycles(graph) == cycles


def test_the_import_reader_sees_relative_and_function_level_imports():
    # rollup.api imports the atomic writes at the top, the roll-up frames inside a function.
    assert {"vp_excel.atomic", "vp_excel.rollup.frames"} <= graph()["vp_excel.rollup.api"]
