"""Benchmark of `vp-excel sammanstall` and `vp-excel export` over many workbooks.

    python bench/rollup.py                 100 and 1 000 workbooks; prints the table
    python bench/rollup.py --books 20 --runs 1
    python bench/rollup.py --books 1000 --only sammanstall --no-growth
                                           the region's verdict alone (with the floor)

The workbooks are Exempelby's three arbetsböcker (workbooks/make_exempelby.py) repeated with
a numbered verksamhet each ("Verksamhet 001 (KLK)"), written once to bench/_data/rollup-N/.
Whole commands as their own processes, timed and sampled by bench/run.py's `measure`
(wall time, CPU of the process tree, peak memory over the tree). Beside them the floor:
openpyxl's read-only read of the same files in one process (bench/floor.py read-folder).
Targets: sammanstall of 100 workbooks under 20 s and 600 MB, export under 10 s; sammanstall
of 1 000 workbooks at most 2× the read floor's CPU time and under 300 MB (README,
Prestanda). Also the linear growth: the same commands over a quarter of the workbooks.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for folder in (ROOT, HERE, ROOT / "workbooks"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import make_workbooks as mw  # noqa: E402
import run as bench  # noqa: E402
from make_exempelby import school_book, social_book  # noqa: E402

SAMMANSTALL_MAX_S, SAMMANSTALL_MAX_MB, EXPORT_MAX_S = 20.0, 600.0, 10.0
REGION_BOOKS, REGION_PER_FLOOR, REGION_MAX_MB = 1_000, 2.0, 300.0  # a region's roll-up


def _exempelby_book() -> mw.Book:
    """Exempelby's kommunledningskontor, from its data file."""
    return mw.load_example(mw.DATA / "exempelby-2025.toml").book


def workbooks(count: int, data: Path = bench.DATA) -> Path:
    """`count` workbooks of Exempelby's size in one folder (made once, then reused)."""
    folder = data / f"rollup-{count}"
    if folder.is_dir() and len(list(folder.glob("*.xlsx"))) == count:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    makers = (("KLK", _exempelby_book), ("SOC", social_book), ("BUF", school_book))
    for i in range(count):
        short, make = makers[i % len(makers)]
        book = make()
        book.settings["Verksamhet"] = f"Verksamhet {i + 1:03d} ({short})"
        mw.save(mw.build(book, f"Verksamhet {i + 1:03d}"), folder / f"vb-{i + 1:03d}.xlsx")
    return folder


def _row(label: str, runs: bench.Runs) -> list[str]:
    return [label, bench.fmt_s(runs.seconds), bench.fmt_s(runs.cpu_seconds),
            bench.fmt_mb(runs.memory), runs.failed or ""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--books", default=f"100,{REGION_BOOKS}",
                        help="how many workbooks, comma-separated (default 100,1000)")
    parser.add_argument("--runs", type=int, default=3,
                        help="runs per command (1 000 workbooks and more: one)")
    parser.add_argument("--only", default="",
                        help="only these commands, comma-separated (sammanstall, export, "
                             "export --xlsx); the floor is always measured")
    parser.add_argument("--no-growth", action="store_true",
                        help="skip the quarter size measured for the linear growth")
    args = parser.parse_args(argv)
    books = sorted({int(n) for n in args.books.split(",") if n.strip()})
    only = {name.strip() for name in args.only.split(",") if name.strip()}
    vp = bench.vp_excel_command()
    rows, results = [], {}
    with tempfile.TemporaryDirectory(prefix="vp-excel-rollup-") as scratch:
        out = Path(scratch)
        sizes = set(books) if args.no_growth else {max(1, books[0] // 4), *books}
        for count in sorted(sizes):
            folder = workbooks(count)
            runs_here = 1 if count >= REGION_BOOKS else args.runs
            commands = {
                "sammanstall": [*vp, "sammanstall", str(folder), "--out", str(out / "r")],
                "export": [*vp, "export", str(folder), "--csv", str(out / "e.csv")],
                "export --xlsx": [*vp, "export", str(folder), "--xlsx", str(out / "e.xlsx")],
                "golv: openpyxl read-only": bench.floor_command("read-folder", str(folder)),
            }
            for name, command in commands.items():
                if only and name not in only and not name.startswith("golv"):
                    continue
                runs = bench.measure(name, command, runs_here, timeout=900)
                results[(name, count)] = runs
                rows.append(_row(f"{name}, {count} arbetsböcker", runs))
    print(bench.markdown_table(["Mätning", "Median s", "CPU s", "Topp MB", "Fel"], rows))
    _region_verdict(results)
    full = 100  # the targets below are for 100 workbooks; judged when measured
    verdicts = [
        ("sammanstall", SAMMANSTALL_MAX_S, SAMMANSTALL_MAX_MB),
        ("export", EXPORT_MAX_S, None),
    ]
    for name, max_s, max_mb in verdicts:
        runs = results.get((name, full))
        if runs is None:  # not measured (--only)
            continue
        ok = runs.seconds is not None and runs.seconds < max_s and (
            max_mb is None or (runs.memory or 0) < max_mb)
        limit = f"< {bench.fmt_num(max_s)} s" + (f" och < {bench.fmt_num(max_mb)} MB"
                                                 if max_mb else "")
        print(f"{name}, {full} arbetsböcker: {limit}: "
              f"{'uppfyllt' if ok else 'EJ uppfyllt'}")
        quarter = results.get((name, max(1, full // 4)))
        if quarter is not None and quarter.seconds and runs.seconds and full >= 4:
            cpu = (bench.fmt_x(runs.cpu_seconds / quarter.cpu_seconds)
                   if runs.cpu_seconds and quarter.cpu_seconds else "-")
            print(f"  tillväxt {full // 4} -> {full} arbetsböcker: "
                  f"{bench.fmt_x(runs.seconds / quarter.seconds)} tid, {cpu} CPU-tid")
    return 0


def _region_verdict(results: dict) -> None:
    """sammanstall of a region's workbooks beside openpyxl's read-only read of them, in CPU
    time (what other load on the machine disturbs least)."""
    ours = results.get(("sammanstall", REGION_BOOKS))
    floor = results.get(("golv: openpyxl read-only", REGION_BOOKS))
    if ours is None or floor is None:
        return
    per_floor = bench.ratio(ours.cpu_seconds, floor.inner_median("seconds"))
    ok = per_floor is not None and per_floor <= REGION_PER_FLOOR and (
        ours.memory or 0) < REGION_MAX_MB
    print(f"sammanstall, {REGION_BOOKS} arbetsböcker: ≤ {bench.fmt_num(REGION_PER_FLOOR)}× "
          f"läsgolvets CPU-tid och < {bench.fmt_num(REGION_MAX_MB)} MB: "
          f"{bench.fmt_x(per_floor)}, {bench.fmt_mb(ours.memory)} MB: "
          f"{'uppfyllt' if ok else 'EJ uppfyllt'}")


if __name__ == "__main__":
    raise SystemExit(main())
