"""Write outputs atomically: into a temporary file beside the target, moved into place when whole.

A failure leaves the previous output intact and no partial file behind. Every OSError on the
way (full disk, read-only folder, a file open in Excel or Word) becomes one Swedish message
that says what to do. With SOURCE_DATE_EPOCH set, each finished zip package is stamped with
it before it moves into place (`reproducible`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import (
    Location,
    OutputNotWritable,
    OutputWouldOverwriteInput,
    VpExcelError,
    os_reason,
)
from .reproducible import stamp_zip

_TEMP_PREFIX = ".vp-excel-"  # hidden, and recognisable if a crash ever leaves one behind
OUT_ELSEWHERE = "Välj en annan mapp med --out"  # the advice for build and sammanstall


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def refuse_input_as_output(output: Path, inputs: list[Path],
                           elsewhere: str = "Välj en annan utmapp (--out)") -> None:
    for source in inputs:
        if same_file(output, source) or _resolved(output) == _resolved(source):
            raise OutputWouldOverwriteInput(
                f"filen skulle skriva över arbetsboken som läses. {elsewhere}.",
                Location(str(output)))


def _resolved(path: Path) -> Path:
    try:
        return Path(os.path.normcase(path.resolve()))
    except (OSError, RuntimeError):  # a symlink loop, or a path the OS rejects
        return Path(os.path.normcase(path.absolute()))


_LONGEST_SUFFIX = ".xlsx"  # the outputs' suffixes (.xlsx, .docx, .pdf, .csv) are at most this


def name_limit(folder: Path) -> int:
    """The longest file name, in bytes, the file system under `folder` takes (255 on ext4,
    NTFS counts UTF-16 units but 255 bytes of UTF-8 fit there too)."""
    probe = Path(folder).absolute()
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        return min(os.pathconf(probe, "PC_NAME_MAX"), 255)
    except (AttributeError, OSError, ValueError):  # Windows has no pathconf
        return 255


# What Windows refuses in a file name, whatever the file system the output is written on (a
# folder copied from a Linux share must open there): these characters, control characters,
# and a device name (CON, NUL, COM1 ...) before the first dot, with or without an extension.
_NOT_ON_WINDOWS = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')
_WINDOWS_DEVICE = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$", re.IGNORECASE)


def windows_name(stem: str) -> str:
    """`stem` as a file name Windows opens: each run of characters it forbids one "-", no
    trailing dot or space, and a device name (CON, NUL, COM1 ...) given a "_"."""
    name = _NOT_ON_WINDOWS.sub("-", stem).rstrip(". ")
    first, dot, rest = name.partition(".")
    if _WINDOWS_DEVICE.match(first.rstrip(" ")):
        name = f"{first.rstrip(' ')}_{dot}{rest}"
    return name or "rapport"


def fit_stem(head: str, tail: str, folder: Path) -> tuple[str, str]:
    """`head + tail` as a file name stem that Windows takes (`windows_name`) and that fits
    the folder's file system with any output suffix: `head` (a workbook's or kommun's name)
    is cut at a character, in bytes, and the tail (the period) kept while it leaves room.
    Returns the stem and one Swedish note saying what changed, or ""."""
    given = head + tail
    whole = windows_name(given)  # the tail (a slug) is safe and stays as it is
    renamed = (f"Filnamnet {given}{_LONGEST_SUFFIX} har tecken eller ett namn som Windows "
               f"inte tillåter; det skrevs som {whole}{_LONGEST_SUFFIX}."
               if whole != given else "")
    limit = name_limit(folder) - len(_LONGEST_SUFFIX.encode("utf-8"))
    if len(whole.encode("utf-8")) <= limit:
        return whole, renamed
    room = limit - len(tail.encode("utf-8"))
    stem = (_cut(whole[:len(whole) - len(tail)], room) + tail) if room >= 16 \
        else _cut(whole, limit)
    return stem, (f"Filnamnet {given}{_LONGEST_SUFFIX} blev "
                  f"{len((given + _LONGEST_SUFFIX).encode('utf-8'))} byte, mer än "
                  f"filsystemets {name_limit(folder)}"
                  + ("" if not renamed else " och har tecken som Windows inte tillåter")
                  + f"; det kortades till {stem}.")


def _cut(text: str, size: int) -> str:
    """`text` cut to at most `size` bytes of UTF-8, at a character."""
    return text.encode("utf-8")[:size].decode("utf-8", "ignore").rstrip(" .-") or "x"


def _os_error(exc: BaseException) -> OSError | None:
    """The OSError behind `exc`: itself, or one a library wrapped (xlsxwriter's
    FileCreateError carries it as its first argument, others chain it)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError):
            return current
        wrapped = current.args[0] if current.args else None
        if isinstance(wrapped, OSError):
            return wrapped
        current = current.__cause__ or current.__context__
    return None




def _is_dir(path: Path) -> bool:
    """Path.is_dir that answers False where the OS refuses the question (a name too long)."""
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def _explain(exc: OSError, target: Path, elsewhere: str = OUT_ELSEWHERE) -> OutputNotWritable:
    where = Location(str(target))
    code = exc.errno
    if code == errno.ENAMETOOLONG:  # asked first: every question about the path fails too
        return OutputNotWritable(f"sökvägen är för lång (eller ett namn i den). {elsewhere} "
                                 "(en kortare sökväg eller ett kortare namn).", where)
    if code in (errno.EACCES, errno.EPERM, errno.EROFS, errno.EBUSY, errno.ETXTBSY):
        if code == errno.EROFS:
            return OutputNotWritable(
                f"mappen {target.parent} ligger på en skrivskyddad enhet. {elsewhere}.", where)
        if _exists(target):
            return OutputNotWritable(
                "filen går inte att skriva över; den är skrivskyddad eller öppen i ett annat "
                "program (t.ex. Excel eller Word). Stäng den och försök igen.", where)
        return OutputNotWritable(
            f"mappen {target.parent} går inte att skriva i. {elsewhere}.", where)
    if code == errno.EFBIG:
        return OutputNotWritable("filen blev större än systemet tillåter (en gräns för "
                                 f"filstorlek) och skrevs inte. {elsewhere}, eller be om en "
                                 "högre gräns.", where)
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return OutputNotWritable("disken är full (eller lagringskvoten slut); rapporten "
                                 "skrevs inte. Frigör utrymme och försök igen.", where)
    if code == errno.ENOENT:
        return OutputNotWritable(f"mappen {target.parent} finns inte och kunde inte skapas. "
                                 f"{elsewhere}.", where)
    if code in (errno.ENOTDIR, errno.EEXIST) and not _is_dir(target.parent):
        return OutputNotWritable(f"{target.parent} är en fil, inte en mapp. {elsewhere}.",
                                 where)
    if code == errno.EISDIR or _is_dir(target):
        return OutputNotWritable("det finns en mapp med filens namn. Flytta eller byt namn "
                                 f"på mappen. {elsewhere}.", where)
    if code == errno.EIO:
        return OutputNotWritable("fel vid skrivning till disken (in/ut-fel). Kontrollera "
                                 "disken eller nätverksenheten och försök igen.", where)
    return OutputNotWritable(f"filen kunde inte skrivas ({os_reason(exc)}). Kontrollera "
                             "mappen och försök igen.",
                             where)


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def _refuse_read_only(target: Path, elsewhere: str = OUT_ELSEWHERE) -> None:
    """A read-only file is one its owner protected: Windows refuses to replace it, POSIX would
    silently do so (and root ignores permissions). Say no the same way everywhere."""
    try:
        mode = target.stat().st_mode
    except (OSError, ValueError):
        return
    if stat.S_ISDIR(mode):
        raise OutputNotWritable("det finns en mapp med filens namn. Flytta eller byt namn på "
                                f"mappen. {elsewhere}.", Location(str(target)))
    if not stat.S_ISREG(mode):
        # A device, pipe or socket (/dev/null, /dev/full, NUL): the move into place would
        # replace the device itself with a file, and as root it can.
        raise OutputNotWritable(
            "det här är ingen vanlig fil utan t.ex. en enhet eller ett rör, och den ersätts "
            f"inte med en rapport. {elsewhere}.", Location(str(target)))
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise OutputNotWritable(
            "filen är skrivskyddad och skrivs inte över. Ta bort skrivskyddet (Egenskaper > "
            f"Skrivskyddad). {elsewhere}.", Location(str(target)))


STALE_AFTER = 24 * 60 * 60  # seconds: a temp file this old is no write still under way


def remove_stale_temps(folder: Path) -> None:
    """Remove our own temp files (.vp-excel-*) older than a day from `folder`: a run killed
    mid-write (power cut, SIGKILL, the out-of-memory killer) leaves them, hidden, for good."""
    limit = time.time() - STALE_AFTER
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(_TEMP_PREFIX):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False) and entry.stat(
                    follow_symlinks=False).st_mtime < limit:
                os.unlink(entry.path)


def _make_temp(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(target.parent)
    handle, temp_name = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=target.suffix,
                                         dir=target.parent)
    os.close(handle)
    return Path(temp_name)


def _finish(temp: Path, target: Path) -> None:
    """Flush the finished temp file to disk and give it the permissions a normal save would
    (the old file's, if there is one), then move it onto the target in one step."""
    with open(temp, "rb+") as handle:  # a power cut must not leave an empty report
        os.fsync(handle.fileno())
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)  # mkstemp makes the file private; a normal save does not
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temp, mode)
    os.replace(temp, target)


@contextlib.contextmanager
def atomic_output(target: str | Path, elsewhere: str = OUT_ELSEWHERE) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success move it onto `target`.
    `elsewhere` is the advice a message about an unwritable target ends with."""
    with atomic_outputs([target], elsewhere) as (temp,):
        yield temp


@contextlib.contextmanager
def atomic_outputs(targets: list[str | Path],
                   elsewhere: str = OUT_ELSEWHERE) -> Iterator[tuple[Path, ...]]:
    """Like `atomic_output` for several files that belong together (a report's xlsx and docx):
    each is written to its temp file, and only when all are complete are they moved into place.
    A failure while writing leaves every previous output as it was."""
    paths = [Path(t) for t in targets]
    temps: list[Path] = []
    current = paths[0] if paths else Path()
    try:
        for current in paths:
            _refuse_read_only(current, elsewhere)
            temps.append(_make_temp(current))
        yield tuple(temps)
        for current, temp in zip(paths, temps):
            stamp_zip(temp)  # with SOURCE_DATE_EPOCH: the same bytes for the same input
            _finish(temp, current)
    except VpExcelError:  # the writer's own Swedish message (e.g. a bad template) stands
        raise
    except Exception as exc:
        cause = _os_error(exc)
        if cause is None:
            raise
        # Name the output whose temp file failed, if the error says which.
        for path, temp in zip(paths, temps):
            if cause.filename and os.fspath(cause.filename) == os.fspath(temp):
                current = path
        raise _explain(cause, current, elsewhere) from exc
    finally:
        for temp in temps:
            with contextlib.suppress(OSError):
                temp.unlink()
