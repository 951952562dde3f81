"""Collecting what the reader finds wrong (errors, warnings) and what it found (notes), each
with file, sheet and cell."""

from __future__ import annotations

from pathlib import Path

from ..errors import Location
from ..model import Problem


def uncached_message(sheet: str, cell: str) -> str:
    return (f"formeln i {sheet}!{cell} har inget sparat värde (arbetsboken sparades av ett program "
            "som inte räknar ut formler); öppna och spara arbetsboken i Excel, så sparas värdet.")


def short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Problems:
    """Errors and warnings for `check`, and notes on what was read from where."""

    def __init__(self, path: Path):
        self.path = path
        self.items: list[Problem] = []
        self.notes: list[str] = []
        self._reported_uncached: set[tuple[str, tuple[int, int]]] = set()
        self._said: set[str] = set()

    def where(self, sheet: str = "", cell: str = "") -> Location:
        return Location(str(self.path), sheet, cell)

    def error(self, message: str, sheet: str = "", cell: str = "") -> None:
        self.items.append(Problem(message, self.where(sheet, cell), True))

    def warn(self, message: str, sheet: str = "", cell: str = "") -> None:
        self.items.append(Problem(message, self.where(sheet, cell), False))

    def note(self, line: str) -> None:
        self.notes.append(line)

    def note_once(self, key: str, line: str) -> None:
        """A note said once however many cells give cause (a status phrase read by default)."""
        if key not in self._said:
            self._said.add(key)
            self.notes.append(line)

    def uncached_once(self, sheet: str, origin: tuple[int, int], coordinate: str) -> None:
        """A formula saved without its value: data_only reads it as empty, which would
        silently lose the number. Said once per cell."""
        if (sheet, origin) in self._reported_uncached:
            return
        self._reported_uncached.add((sheet, origin))
        self.error(uncached_message(sheet, coordinate), sheet, coordinate)


class Unheard(Problems):
    """Problems nobody reads: a value kept but never judged is read quietly (kinds.KindReader
    .quiet). Nothing is kept, so a long sheet read as a stream grows no list of them."""

    def error(self, message: str, sheet: str = "", cell: str = "") -> None:
        pass

    def warn(self, message: str, sheet: str = "", cell: str = "") -> None:
        pass

    def note(self, line: str) -> None:
        pass

    def note_once(self, key: str, line: str) -> None:
        pass

    def uncached_once(self, sheet: str, origin: tuple[int, int], coordinate: str) -> None:
        pass
