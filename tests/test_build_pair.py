"""The report pair lands together, also when the Word report is written in a forked process
(as the command line has it: api.build(..., beside=forked.run_beside))."""

from __future__ import annotations

import errno

import pytest
from builders import NORSJO

from vp_excel import api
from vp_excel.cli.forked import run_beside
from vp_excel.errors import Location, OutputNotWritable, TemplateInvalid


def _snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def built(tmp_path):
    out = tmp_path / "ut"
    api.build(NORSJO, out_dir=out)
    return out


def test_both_reports_are_written(built):
    assert sorted(p.suffix for p in built.iterdir()) == [".docx", ".xlsx"]


def test_the_forked_word_report_is_the_one_written_in_turn(tmp_path, monkeypatch):
    # With SOURCE_DATE_EPOCH the two builds' bytes can be compared: no clock in them.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1733400000")
    api.build(NORSJO, out_dir=tmp_path / "a", beside=run_beside, formats=("docx", "xlsx"))
    api.build(NORSJO, out_dir=tmp_path / "b")
    assert _snapshot(tmp_path / "a") == _snapshot(tmp_path / "b")
    assert sorted(_snapshot(tmp_path / "a")) == ["norsjo-klk-2025-helår-2024.docx",
                                                 "norsjo-klk-2025-helår-2024.xlsx"]


BESIDE = pytest.mark.parametrize("beside", [api.in_turn, run_beside], ids=["in_turn", "fork"])


@BESIDE
def test_failing_workbook_writer_leaves_the_previous_pair_and_no_temp_files(built, monkeypatch,
                                                                           beside):
    before = _snapshot(built)

    def disk_full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("vp_excel.writers.xlsx.write_report_workbook", disk_full)
    with pytest.raises(OutputNotWritable, match="disken är full"):
        api.build(NORSJO, out_dir=built, beside=beside)
    assert _snapshot(built) == before  # the (forked) Word writer was stopped, nothing moved


@BESIDE
def test_failing_word_writer_in_the_fork_keeps_its_message_and_the_previous_pair(built,
                                                                                 monkeypatch,
                                                                                 beside):
    before = _snapshot(built)

    def bad_template(*_args, **_kwargs):
        raise TemplateInvalid("mallen är ingen Word-fil.", Location("mall.docx"))

    monkeypatch.setattr("vp_excel.writers.docx.write_document", bad_template)
    with pytest.raises(TemplateInvalid) as raised:
        api.build(NORSJO, out_dir=built, beside=beside)
    assert str(raised.value) == "mall.docx: mallen är ingen Word-fil."
    assert _snapshot(built) == before


@pytest.mark.parametrize("work, expected", [
    (lambda: 41 + 1, 42),
    (lambda: ["varning"], ["varning"]),
])
def test_run_beside_returns_the_result(work, expected):
    result, _cancel = run_beside(work)
    assert result() == expected


def test_run_beside_raises_the_error_of_the_work():
    def fail():
        raise ValueError("trasig")

    result, _cancel = run_beside(fail)
    with pytest.raises(ValueError, match="trasig"):
        result()


@pytest.mark.parametrize(("limit_mb", "forks"), [(0, False), (1e9, True)],
                         ids=["large-in-turn", "small-forked"])
def test_the_command_line_forks_only_a_small_process(monkeypatch, limit_mb, forks):
    # A region's plan is written in turn: a fork of a large process nearly doubles the peak.
    import os

    from vp_excel.cli import forked

    monkeypatch.setattr(forked, "FORK_MAX_RESIDENT_MB", limit_mb)
    if forks and forked._cores() < 2:
        pytest.skip("en kärna: run_beside kör i tur och ordning")
    result, _cancel = forked.run_beside_unless_large(os.getpid)
    assert (result() != os.getpid()) is forks
    if os.path.exists("/proc/self/statm"):  # Linux: the size is read, not an unknown 0
        assert forked.resident_mb() > 0


def test_a_large_process_collects_the_readers_garbage_before_writing(monkeypatch):
    """In turn, the writers start with the reader's reference cycles collected (the command
    line's raised thresholds would otherwise keep them to the end)."""
    import gc
    import weakref

    from vp_excel.cli import forked

    class Node:
        pass

    monkeypatch.setattr(forked, "FORK_MAX_RESIDENT_MB", 0)
    enabled = gc.isenabled()
    gc.disable()  # only the collection under test may free the cycle
    try:
        cycle = Node()
        cycle.me = cycle  # type: ignore[attr-defined]
        alive = weakref.ref(cycle)
        del cycle
        assert alive() is not None
        result, _cancel = forked.run_beside_unless_large(lambda: 1)
        assert alive() is None
        assert result() == 1
    finally:
        if enabled:
            gc.enable()
