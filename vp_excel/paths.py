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


def owner_file(path: Path) -> Path | None:
    """The owner file Word or Excel keeps beside `path` while it is open, if there is one.

    Excel's is "~$" and the whole name. Word's drops the name's first two characters when its
    stem is longer than seven (~$rsjo-klk-2025-helår-2024.docx for
    norsjo-klk-2025-helår-2024.docx), the first one at seven, none when shorter."""
    name = path.name
    stem = len(path.stem)
    names = {f"~${name}"}
    if path.suffix.lower() in (".docx", ".docm", ".dotx"):
        names.add(f"~${name[2:]}" if stem > 7 else f"~${name[1:]}" if stem == 7 else f"~${name}")
    for candidate in sorted(names):
        owner = path.with_name(candidate)
        if owner.is_file():
            return owner
    return None


def held_open_message(path: Path, owner: Path) -> str:
    """One line for an output Word or Excel holds open: it is left as it is."""
    program = "Excel" if path.suffix.lower() in (".xlsx", ".xlsm") else "Word"
    return (f"{path.name} är öppen i {program} ({owner.name} finns bredvid) och skrevs inte. "
            f"Stäng den i {program} och kör igen.")


# A logo far larger than any kommun's (they are tens of kB): a bigger file is not read whole.
MAX_LOGO_BYTES = 20 * 1024 * 1024


def settings_file(name: str, source_file: str | None) -> Path:
    """A file the workbook's settings name (the logo): beside the workbook when relative."""
    path = Path(name)
    if path.is_absolute():
        return path
    return (Path(source_file).parent if source_file else Path.cwd()) / path


def small_plain_file(path: Path, limit: int = MAX_LOGO_BYTES) -> bool:
    """Whether `path` is a regular file (after links) of at most `limit` bytes. A workbook
    can name anything: a link to /dev/zero read whole took all memory, a pipe never ends."""
    import stat

    try:
        status = path.stat()
    except (OSError, ValueError):  # ValueError: a NUL in the name
        return False
    return stat.S_ISREG(status.st_mode) and status.st_size <= limit
