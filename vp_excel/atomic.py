"""Write outputs atomically: into a temporary file beside the target, moved into place when whole.

A failure leaves the previous output intact and no partial file behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import Location, OutputNotWritable, OutputWouldOverwriteInput


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def refuse_input_as_output(output: Path, inputs: list[Path]) -> None:
    for source in inputs:
        if same_file(output, source) or output.resolve() == source.resolve():
            raise OutputWouldOverwriteInput(
                "rapporten skulle skriva över arbetsboken den läser. Välj en annan utmapp "
                "(--out) eller ett annat filnamn.", Location(str(output)))


def _explain(exc: OSError, target: Path) -> OutputNotWritable:
    where = Location(str(target))
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        if target.exists():
            return OutputNotWritable(
                "filen går inte att skriva över; den är skrivskyddad eller öppen i ett annat "
                "program (t.ex. Excel eller Word). Stäng den och försök igen.", where)
        return OutputNotWritable(
            f"mappen {target.parent} går inte att skriva i. Välj en annan mapp med --out.", where)
    if exc.errno == errno.ENOSPC:
        return OutputNotWritable("disken är full. Frigör utrymme och försök igen.", where)
    if exc.errno == errno.ENOENT:
        return OutputNotWritable(f"mappen {target.parent} finns inte och kunde inte skapas.",
                                 where)
    return OutputNotWritable(f"filen kunde inte skrivas ({exc.strerror or exc}).", where)


@contextlib.contextmanager
def atomic_output(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success move it onto `target`."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix,
                                             dir=target.parent)
        os.close(handle)
    except OSError as exc:
        raise _explain(exc, target) from exc
    temp = Path(temp_name)
    try:
        yield temp
        try:
            # mkstemp makes the file private; give it the permissions a normal save would.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
            os.replace(temp, target)
        except OSError as exc:
            raise _explain(exc, target) from exc
    except OSError as exc:
        raise _explain(exc, target) from exc
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
