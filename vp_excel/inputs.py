"""Which workbooks a command was given: files as named, folders as the .xlsx files in them.

The one place inputs are discovered, for `build`, `sammanstall` and `export` alike, on the
command line and in the library (`api.build` takes one file; `rollup.api` takes many)."""

from __future__ import annotations

from pathlib import Path

from .errors import Location, WorkbookNotFound, os_reason

# In the name of a roll-up's files (<kommun>-sammanstallning-<period>.xlsx): in a folder it
# is vp-excel's own output from an earlier run (sammanstall mapp/ --out mapp/), and read
# again as a plan it would count every goal twice and change the period.
ROLLUP_INFIX = "-sammanstallning-"


def expand_inputs(paths: list[Path]) -> list[Path]:
    """Folders stand for the .xlsx files in them, sorted by name, Excel's lock files
    (`~$namn.xlsx`) left out. The same file named twice is built once."""
    found: list[Path] = []
    seen: set[object] = set()
    for path in paths:
        if path.is_dir():
            members = sorted((p for p in _members(path)
                              if p.suffix.lower() == ".xlsx" and not p.name.startswith("~$")
                              and not p.name.startswith(".") and p.is_file()
                              and not is_rollup_output(p)),
                             key=lambda p: p.name.lower())
            if not members:
                raise WorkbookNotFound("mappen har inga arbetsböcker (.xlsx).",
                                       Location(str(path)))
        else:
            members = [path]
        for member in members:
            key = _identity(member)
            if key not in seen:
                seen.add(key)
                found.append(member)
    return found


def is_rollup_output(path: Path) -> bool:
    """Whether `path` is named as vp-excel names a roll-up (see ROLLUP_INFIX)."""
    return ROLLUP_INFIX in path.stem.lower()


def _members(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError as exc:
        raise WorkbookNotFound(f"mappen går inte att läsa ({os_reason(exc)}).",
                               Location(str(folder))) from exc


def skipped_in_folders(paths: list[Path]) -> list[str]:
    """One Swedish line per file a folder build leaves out, and why."""
    lines: list[str] = []
    for folder in (path for path in paths if path.is_dir()):
        for member in sorted(_members(folder), key=lambda p: p.name.lower()):
            reason = _skip_reason(member)
            if reason:
                lines.append(f"Hoppade över {member}: {reason}.")
    return lines


def _skip_reason(path: Path) -> str:
    if path.is_dir():
        return "en mapp; mappar i mappen byggs inte"
    if path.name.startswith("~$"):
        return "Excels låsfil, som finns medan arbetsboken är öppen i Excel"
    if path.name.startswith("."):
        return "en dold fil"
    if path.suffix.lower() != ".xlsx":
        return "inte en arbetsbok (.xlsx)"
    if is_rollup_output(path):
        return "vp-excels sammanställning, ingen verksamhets plan"
    if path.is_symlink() and not path.exists():  # exists() follows: a loop or a dead end
        return "en länk som inte leder till någon fil (trasig eller i en slinga)"
    if not path.is_file():
        return "ingen vanlig fil (t.ex. ett rör eller en enhet); den läses inte"
    return ""


def _identity(path: Path) -> object:
    """The file itself: its device and inode (a hard link or another spelling of the same
    file is the same file, which export would otherwise count twice), else its real path."""
    try:
        status = path.stat()
        if status.st_ino:
            return (status.st_dev, status.st_ino)
    except (OSError, ValueError):
        pass
    try:
        return path.resolve()
    except OSError:
        return path.absolute()
