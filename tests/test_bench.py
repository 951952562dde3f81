"""The benchmark's arithmetic (bench/run.py): how growth is judged and how figures are shown.

Nothing here is timed; the runs are made-up numbers.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

RUN_PY = Path(__file__).resolve().parent.parent / "bench" / "run.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_run", RUN_PY)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


def runs(bench, wall, failed=""):
    measured = bench.Runs("test", wall=list(wall), cpu=list(wall), rss_mb=list(wall))
    measured.failed = failed
    return measured


@pytest.mark.parametrize("one, four, floor, expected", [
    # Round by round: each round's ratio above its own floor, then the median.
    ([2.0, 3.0, 2.0], [8.0, 12.0, 9.0], [0.0, 0.0, 0.0], 4.0),
    # A slow round hits both sizes alike and does not move the verdict...
    ([1.3, 2.6, 1.3], [4.3, 8.6, 4.3], [0.3, 0.6, 0.3], 4.0),
    # ...where the ratio of medians would be fooled by the same runs in another order.
    ([1.0, 1.0, 1.0], [5.0, 5.5, 4.0], [0.0, 0.0, 0.0], 5.0),
])
def test_paired_growth_is_the_median_of_the_rounds(bench, one, four, floor, expected):
    assert bench.paired_growth(runs(bench, one), runs(bench, four), runs(bench, floor),
                               "wall") == pytest.approx(expected)


def test_paired_growth_falls_back_to_medians_when_rounds_do_not_pair(bench):
    # kommun measured three times, kommun4 twice (one run failed or was left out).
    growth = bench.paired_growth(runs(bench, [2.0, 2.5, 3.0]), runs(bench, [9.0, 11.0]),
                                 runs(bench, [0.5, 0.5, 0.5]), "wall")
    assert growth == pytest.approx((10.0 - 0.5) / (2.5 - 0.5))


def test_paired_growth_unmeasured_is_none(bench):
    assert bench.paired_growth(runs(bench, []), runs(bench, [1.0]), runs(bench, [0.1]),
                               "wall") is None


@pytest.mark.parametrize("value, spec, text", [
    (4.5, "g", "4,5"),
    (0.25, "g", "0,25"),
    (5.0, "g", "5"),
    (1.3333, ".2f", "1,33"),
])
def test_figures_use_the_decimal_comma(bench, value, spec, text):
    assert bench.fmt_num(value, spec) == text


@pytest.mark.parametrize("seconds, text", [(2.434, "2,43"), (0.0561, "0,056"), (None, "–")])
def test_seconds_are_shown_the_swedish_way(bench, seconds, text):
    assert bench.fmt_s(seconds) == text


def test_the_rollup_benchmark_makes_workbooks_that_check_reads(tmp_path):
    """bench/rollup.py's workload: verksamheter of Exempelby's size, each readable, each its
    own verksamhet (the roll-up refuses two of one)."""
    import subprocess

    code = ("import sys; sys.argv = ['rollup']; sys.path.insert(0, 'bench'); import rollup; "
            f"print(rollup.workbooks(3, __import__('pathlib').Path({str(tmp_path)!r})))")
    done = subprocess.run([sys.executable, "-c", code], cwd=RUN_PY.parent.parent,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    from vp_excel.api import check

    books = sorted(Path(done.stdout.strip()).glob("*.xlsx"))
    verksamheter = [check(book).plan.settings.verksamhet for book in books]
    assert len(verksamheter) == 3 == len(set(verksamheter))


@pytest.mark.parametrize(("samples", "peak"), [
    # Two workers alive beside the parent (shared pages: PSS 240 of RSS 300), then the parent
    # alone (nothing shared): the peak is 240, not the RSS peak scaled by the last ratio (300).
    ([(300.0, 240.0), (150.0, 150.0)], 240.0),
    # RSS grows after the last PSS reading: scaled by that reading's ratio (0,8).
    ([(200.0, 160.0), (250.0, None)], 200.0),
    # No growth between readings: the PSS peak.
    ([(100.0, 90.0), (120.0, 110.0), (80.0, 80.0)], 110.0),
])
def test_the_tree_s_peak_scales_each_sample_by_the_ratio_of_its_moment(bench, samples, peak):
    sampler = bench._Sampler(0)
    for rss, pss in samples:
        sampler.note(rss, pss)
    assert sampler.peak == pytest.approx(peak)
