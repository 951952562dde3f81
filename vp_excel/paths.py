"""What a person typed as a path, said back the way they wrote it: the folder kept (a
Windows path with its drive letter and backslashes too) and a near name suggested when the
file is not there."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

SUFFIXES = (".xlsx", ".xlsm", ".docx", ".dotx")


def file_name(path: str) -> str:
    """The last part of `path`, whichever separator it uses (C:\\Ekonomi\\plan.xlsx as on
    Windows, ekonomi/plan.xlsx): messages name the same file on every system."""
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or path


def missing_file_message(path: Path) -> str:
    """Why `path` cannot be opened, with its folder, and the nearest name in that folder."""
    folder = path.parent
    shown = str(folder) if str(folder) not in ("", ".") else ""
    if shown and not folder.is_dir():
        return f"mappen {shown} finns inte. Kontrollera sökvägen."
    where = f" i mappen {shown}" if shown else " i den här mappen"
    message = f"filen finns inte{where}."
    near = near_name(path)
    if near:
        message += f" Menade du {folder / near if shown else near}?"
    else:
        message += " Kontrollera sökvägen."
    return message


def near_name(path: Path) -> str | None:
    """The file in `path`'s folder whose name is closest to the one typed, if any is close."""
    try:
        names = [entry.name for entry in os.scandir(path.parent or Path("."))
                 if entry.is_file() and not entry.name.startswith(("~$", ".~lock."))]
    except OSError:
        return None
    wanted = [n for n in names if n.lower().endswith(SUFFIXES)] or names
    found = difflib.get_close_matches(path.name, wanted, n=1, cutoff=0.6)
    if not found:
        lowered = {n.lower(): n for n in wanted}
        found = [lowered[m] for m in difflib.get_close_matches(path.name.lower(), lowered,
                                                               n=1, cutoff=0.6)]
    return found[0] if found else None
