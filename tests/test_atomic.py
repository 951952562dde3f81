"""Atomic outputs: a temp file beside the target, moved into place only when complete."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from vp_excel import atomic
from vp_excel.atomic import atomic_output, atomic_outputs, refuse_input_as_output
from vp_excel.errors import (
    OutputNotWritable,
    OutputWouldOverwriteInput,
    TemplateInvalid,
    VpExcelError,
)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_success_moves_the_file_into_place(tmp_path):
    target = tmp_path / "ut" / "rapport.xlsx"
    with atomic_output(target) as temp:
        assert temp.parent == target.parent and temp != target
        assert temp.name.startswith(".") and temp.suffix == ".xlsx"
        temp.write_bytes(b"ny")
        assert not target.exists()
    assert target.read_bytes() == b"ny"
    assert leftovers(target.parent) == []


def test_a_new_file_gets_normal_permissions(tmp_path):
    target = tmp_path / "rapport.xlsx"
    umask = os.umask(0o022)
    try:
        with atomic_output(target) as temp:
            temp.write_bytes(b"x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_an_existing_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "rapport.xlsx"
    target.write_bytes(b"gammal")
    os.chmod(target, 0o640)
    with atomic_output(target) as temp:
        temp.write_bytes(b"ny")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_failure_keeps_the_previous_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "rapport.xlsx"
    target.write_bytes(b"gammal")
    with pytest.raises(RuntimeError):
        with atomic_output(target) as temp:
            temp.write_bytes(b"halv")
            raise RuntimeError("writer crashed")
    assert target.read_bytes() == b"gammal"
    assert leftovers(tmp_path) == []


def test_an_interrupt_leaves_no_temp(tmp_path):
    target = tmp_path / "rapport.xlsx"
    with pytest.raises(KeyboardInterrupt):
        with atomic_output(target) as temp:
            temp.write_bytes(b"halv")
            raise KeyboardInterrupt
    assert not target.exists() and leftovers(tmp_path) == []


def test_a_domain_error_from_the_writer_is_not_relabelled(tmp_path):
    """A bad template (raised `from` an OSError) keeps its own message."""
    target = tmp_path / "rapport.docx"
    with pytest.raises(TemplateInvalid):
        with atomic_output(target):
            try:
                raise OSError(errno.ENOENT, "missing")
            except OSError as exc:
                raise TemplateInvalid("mallen går inte att läsa.") from exc
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("code, fragment", [
    (errno.ENOSPC, "disken är full"),
    (getattr(errno, "EDQUOT", errno.ENOSPC), "disken är full"),
    (errno.EROFS, "skrivskyddad enhet"),
    (errno.EIO, "in/ut-fel"),
    (errno.ENAMETOOLONG, "sökvägen är för lång"),
    (errno.EXDEV, "systemfel"),
])
def test_os_errors_on_replace_become_swedish_messages(tmp_path, monkeypatch, code, fragment):
    target = tmp_path / "rapport.xlsx"
    target.write_bytes(b"gammal")

    def replace(src, dst):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OutputNotWritable) as caught:
        with atomic_output(target) as temp:
            temp.write_bytes(b"ny")
    assert fragment in caught.value.message
    assert caught.value.location.file == str(target)
    assert str(caught.value).startswith("rapport.xlsx: ")
    assert target.read_bytes() == b"gammal"
    assert leftovers(tmp_path) == []


def test_a_file_open_in_excel_is_named(tmp_path, monkeypatch):
    """Windows refuses to replace a file Excel holds open: PermissionError on os.replace."""
    target = tmp_path / "rapport.xlsx"
    target.write_bytes(b"gammal")

    def replace(src, dst):
        raise PermissionError(errno.EACCES, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OutputNotWritable, match="öppen i ett annat program"):
        with atomic_output(target) as temp:
            temp.write_bytes(b"ny")
    assert target.read_bytes() == b"gammal"


def test_a_read_only_file_is_refused_before_writing(tmp_path):
    target = tmp_path / "rapport.xlsx"
    target.write_bytes(b"gammal")
    os.chmod(target, 0o444)
    entered = False
    with pytest.raises(OutputNotWritable, match="skrivskyddad"):
        with atomic_output(target):
            entered = True
    assert not entered
    assert target.read_bytes() == b"gammal" and leftovers(tmp_path) == []


def test_a_read_only_folder_is_named(tmp_path, monkeypatch):
    import tempfile

    def mkstemp(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    with pytest.raises(OutputNotWritable, match="går inte att skriva i"):
        with atomic_output(tmp_path / "rapport.xlsx"):
            pass


def test_a_wrapped_os_error_is_explained(tmp_path):
    """xlsxwriter wraps the OSError in FileCreateError(exc): still a clear message."""
    class FileCreateError(Exception):
        pass

    target = tmp_path / "rapport.xlsx"
    with pytest.raises(OutputNotWritable, match="disken är full"):
        with atomic_output(target):
            raise FileCreateError(OSError(errno.ENOSPC, "No space left on device"))
    assert leftovers(tmp_path) == []


def test_a_folder_in_the_way_and_a_file_as_folder(tmp_path):
    (tmp_path / "rapport.xlsx").mkdir()
    with pytest.raises(OutputNotWritable, match="mapp med filens namn"):
        with atomic_output(tmp_path / "rapport.xlsx"):
            pass
    (tmp_path / "fil").write_text("x")
    with pytest.raises(OutputNotWritable, match="är en fil, inte en mapp"):
        with atomic_output(tmp_path / "fil" / "rapport.xlsx"):
            pass


def test_several_outputs_are_all_or_nothing(tmp_path):
    targets = [tmp_path / "rapport.xlsx", tmp_path / "rapport.docx"]
    for target in targets:
        target.write_bytes(b"gammal")
    with pytest.raises(RuntimeError):
        with atomic_outputs(targets) as (xlsx, docx):
            xlsx.write_bytes(b"ny xlsx")
            raise RuntimeError("the Word writer crashed")
    assert [t.read_bytes() for t in targets] == [b"gammal", b"gammal"]
    assert leftovers(tmp_path) == []
    with atomic_outputs(targets) as (xlsx, docx):
        xlsx.write_bytes(b"ny xlsx")
        docx.write_bytes(b"ny docx")
    assert [t.read_bytes() for t in targets] == [b"ny xlsx", b"ny docx"]


def test_the_failing_output_is_the_one_named(tmp_path):
    targets = [tmp_path / "rapport.xlsx", tmp_path / "rapport.docx"]
    with pytest.raises(OutputNotWritable) as caught:
        with atomic_outputs(targets) as (xlsx, docx):
            raise OSError(errno.ENOSPC, "full", str(xlsx))
    assert caught.value.location.file == str(targets[0])


def test_refuse_input_as_output(tmp_path):
    source = tmp_path / "plan.xlsx"
    source.write_bytes(b"arbetsbok")
    with pytest.raises(OutputWouldOverwriteInput, match="skriva över arbetsboken"):
        refuse_input_as_output(source, [source])
    with pytest.raises(OutputWouldOverwriteInput):
        refuse_input_as_output(tmp_path / "sub" / ".." / "plan.xlsx", [source])
    link = tmp_path / "länk.xlsx"
    link.symlink_to(source)
    with pytest.raises(OutputWouldOverwriteInput):
        refuse_input_as_output(link, [source])
    hard = tmp_path / "hård.xlsx"
    os.link(source, hard)
    with pytest.raises(OutputWouldOverwriteInput):
        refuse_input_as_output(hard, [source])
    refuse_input_as_output(tmp_path / "rapport.xlsx", [source])  # a new file is fine
    loop = tmp_path / "loop.xlsx"
    loop.symlink_to(loop)
    refuse_input_as_output(loop, [source])  # a symlink loop is no crash
    assert source.read_bytes() == b"arbetsbok"


def test_every_refusal_is_a_domain_error():
    assert issubclass(OutputNotWritable, VpExcelError)
    assert issubclass(OutputWouldOverwriteInput, VpExcelError)
    assert atomic._os_error(ValueError("no")) is None


@pytest.mark.parametrize("head, tail, expected_cut", [
    ("plan", "-helår-2024", False),
    ("p" * 300, "-helår-2024", True),
    ("Å" * 200, "-sammanstallning-delår-2-2025", True),
    ("plan", "-" + "ö" * 200, True),  # a period as long as a name: the whole stem is cut
    ("x" * 249, "", False),  # 249 + ".xlsx" is 254 bytes: fits as it is
])
def test_a_name_is_cut_to_the_file_systems_limit_in_bytes(tmp_path, head, tail, expected_cut):
    from vp_excel.atomic import fit_stem, name_limit

    stem, note = fit_stem(head, tail, tmp_path / "ny" / "mapp")
    assert bool(note) == expected_cut
    for suffix in (".xlsx", ".docx", ".pdf", ".csv"):
        assert len((stem + suffix).encode("utf-8")) <= name_limit(tmp_path)
        (tmp_path / (stem + suffix)).write_bytes(b"")  # the file system takes it
    if expected_cut:
        assert f"det kortades till {stem}." in note
        if len(tail.encode()) < 100:
            assert stem.endswith(tail)  # the period is kept
    else:
        assert stem == head + tail
