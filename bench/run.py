"""vp-excel's benchmark: whole commands timed as fresh processes, beside the bare libraries.

    python bench/run.py                  every size, results to bench/results.md
    python bench/run.py --quick          a smoke run: the example and a mini workbook, once each
    python bench/run.py --sizes example,kommun --runs 3

Sizes: `example` is workbooks/norsjo-klk-2025.xlsx itself; `mini`, `kommun` (≈1 000 KS mål
and indicators, 5 000 activities), `kommun4` (four times kommun, for linear growth),
`stress` (10 000 goals, 50 000 activities) and `stress2` (twice that: the build's memory
must stay within 10 % of stress's) are synthetic arbetsböcker that bench/workload.py
writes deterministically (seeded) and caches in bench/_data/; `mini-egen` and `kommun-egen` are
the same plans in a kommun's own layout (one sheet, its own column words, colour-coded statuses),
where `check` on kommun-egen must stay under 2 s too.

For each size it times `vp-excel check` and `vp-excel build` (and `--bara xlsx`/`--bara docx`)
as whole processes: wall time, CPU time and peak memory (sampled from /proc: the largest
process's own peak, or the sum over it and its children if larger), several runs, median
reported. Beside them, the floor on the same data, each in a fresh process: importing the
libraries, reading the workbook with openpyxl alone, writing the same cells with xlsxwriter
alone and filling the same Word tables with plain python-docx (`add_row().cells`); the
example's build and the import floor are run in turn so that drift hits both alike. The
targets are checked here and only here – never in the unit tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import workload  # noqa: E402

EXAMPLE = ROOT / "workbooks" / "norsjo-klk-2025.xlsx"
RESULTS = HERE / "results.md"
DATA = HERE / "_data"
FLOOR = HERE / "floor.py"
IMPORTS = "import openpyxl, xlsxwriter, docx, click"
CHECK_IMPORTS = "import openpyxl, click"  # all that check loads

RUNS = {"example": 5, "mini": 3, "kommun": 3, "kommun4": 2, "stress": 1, "stress2": 1,
        "mini-egen": 3,
        "kommun-egen": 3}
# kommun and kommun4 are compared round by round: in each round the import floors, then both
# sizes' check and build, back to back, so that a change in the machine's speed hits both.
GROWTH_ROUNDS = 7
ALL_SIZES = ("example", "kommun", "kommun4", "stress", "stress2", "kommun-egen")
QUICK_SIZES = ("example", "mini", "mini-egen")
CLI_RUNS = 7

# The targets (README "Prestanda"). Seconds and megabytes.
HELP_MAX_S = 0.25
EXAMPLE_BUILD_PER_IMPORT = 1.5
KOMMUN_BUILD_MAX_S = 5.0
KOMMUN_BUILD_MAX_MB = 400
KOMMUN_CHECK_MAX_S = 2.0
GROWTH_MAX = 4.5
STRESS_BUILD_MAX_MB = 600  # 10 000 goals
STRESS_FLAT_MEMORY = 1.10  # 20 000 goals' build memory over 10 000 goals'
WORD_TABLE_SPEEDUP = 5.0


# --- running a process ------------------------------------------------------------------


@dataclass
class Runs:
    """Wall seconds and peak memory (MB) of each run of one command."""

    label: str
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system, the process and its children
    rss_mb: list[float] = field(default_factory=list)
    inner: list[dict] = field(default_factory=list)  # JSON printed by floor.py
    failed: str = ""

    @property
    def seconds(self) -> float | None:
        return statistics.median(self.wall) if self.wall else None

    @property
    def cpu_seconds(self) -> float | None:
        return statistics.median(self.cpu) if self.cpu else None

    @property
    def memory(self) -> float | None:
        return statistics.median(self.rss_mb) if self.rss_mb else None

    def inner_median(self, key: str, sub: str | None = None) -> float | None:
        values = []
        for data in self.inner:
            value = data.get(key)
            if sub is not None and isinstance(value, dict):
                value = value.get(sub)
            if isinstance(value, (int, float)):
                values.append(float(value))
        return statistics.median(values) if values else None

    def as_json(self) -> dict:
        return {"wall_s": self.wall, "cpu_s": self.cpu, "peak_mb": self.rss_mb,
                "median_s": self.seconds, "median_cpu_s": self.cpu_seconds,
                "median_peak_mb": self.memory, "inner": self.inner, "failed": self.failed}


def _env() -> dict[str, str]:
    env = dict(os.environ)
    # The working tree's vp_excel, whether or not it is installed.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.setdefault("PYTHONHASHSEED", "0")
    # Measure what a user runs: an installed package has its bytecode compiled, so let
    # Python cache it here too even where the environment says not to.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def vp_excel_command() -> list[str]:
    """The console script next to this Python (what a user runs), else python -m vp_excel."""
    script = Path(sys.executable).parent / "vp-excel"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "vp_excel"]


def _tree(pid: int) -> list[int]:
    """`pid` and all its descendants (Linux /proc; just `pid` elsewhere)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    todo.extend(int(child) for child in handle.read().split())
        except OSError:
            continue
    return found


def _pss_mb(members: list[int]) -> float:
    """The memory of a process tree: the sum of each process's proportional set size (PSS:
    pages shared after a fork are split between the processes sharing them, not counted
    twice), or of its resident size where PSS is not available."""
    total = 0.0
    for member in members:
        try:
            with open(f"/proc/{member}/smaps_rollup") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
            continue
        except OSError:
            pass
        total += _resident(member)[0]
    return total / 1e6


def _resident(pid: int) -> tuple[int, int]:
    """A process's resident size now and its peak so far (VmRSS, VmHWM), in bytes."""
    now = peak = 0
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    now = int(line.split()[1]) * 1024
                elif line.startswith("VmHWM:"):
                    peak = int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return now, peak


# Reading smaps_rollup walks the process's page tables under its memory lock: 6–7 ms for a
# 500 MB process. Read every 10 ms, it slowed the very build it measured, more the bigger the
# build (kommun×4 build --bara docx: 2 s of wall time above its CPU time). So PSS is read at
# most this share of the time; the cheap resident size (statm) is read every 10 ms.
PSS_SHARE = 0.03


class _Sampler(threading.Thread):
    """The peak memory of a process and its children.

    Not ru_maxrss from wait4: on Linux a child started with fork/vfork and exec inherits the
    high-water mark of the process that started it, so every command looked at least as big
    as the benchmark itself (even /bin/true). Instead, every 10 ms this reads each process's
    own resident size and peak (VmRSS, VmHWM in /proc/<pid>/status, microseconds) and sums
    the resident sizes over the tree. The proportional size (PSS), which does not count
    pages shared after a fork twice, is read as often as its cost allows (`PSS_SHARE`); at each
    sample the tree's RSS is scaled by the PSS/RSS ratio of the latest reading, so a peak
    between readings is not missed. The result is the larger of the tree's peak and the
    largest single process's own peak."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.pss_peak = 0.0
        self.rss_peak = 0.0
        self.own_peaks: dict[int, float] = {}  # VmHWM of each process seen
        self.last_pss = self.last_rss = 0.0  # the latest PSS reading and the RSS beside it
        # The tree's RSS scaled by the PSS/RSS ratio of the reading before it, at each sample:
        # the ratio of that moment, not of the last reading (when only the parent is left and
        # nothing is shared, the ratio is 1 and a peak with workers alive was counted whole:
        # the 1 000-workbook roll-up measured 250 or 300 MB run by run).
        self.scaled_peak = 0.0
        self.stop = threading.Event()

    @property
    def peak(self) -> float:
        return max([self.pss_peak, self.scaled_peak, *self.own_peaks.values()])

    def sample(self, next_pss: float) -> float:
        members = _tree(self.pid)
        rss = 0.0
        for member in members:
            now, own_peak = _resident(member)
            rss += now / 1e6
            self.own_peaks[member] = max(self.own_peaks.get(member, 0.0), own_peak / 1e6)
        start = time.perf_counter()
        pss = None
        if start >= next_pss:
            pss = _pss_mb(members)
            next_pss = start + (time.perf_counter() - start) / PSS_SHARE
        self.note(rss, pss)
        return next_pss

    def note(self, rss: float, pss: float | None) -> None:
        """One sample of the tree: its RSS, and its PSS when read (MB)."""
        self.rss_peak = max(self.rss_peak, rss)
        if pss:
            self.pss_peak = max(self.pss_peak, pss)
            self.last_pss, self.last_rss = pss, rss
        if self.last_rss:
            self.scaled_peak = max(self.scaled_peak, rss * self.last_pss / self.last_rss)

    def run(self) -> None:
        if not Path("/proc").is_dir():
            return
        next_pss = self.sample(0.0)
        while not self.stop.wait(0.01):
            next_pss = self.sample(next_pss)


def run_once(command: list[str], runs: Runs, timeout: float | None = None,
             ok_codes: tuple[int, ...] = (0,)) -> str:
    """Run `command` in a fresh process; add its wall time and peak memory to `runs`.

    Peak memory is what `_Sampler` saw: the largest process's own peak or the sum over
    the process tree, whichever is larger."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                   cwd=ROOT, env=_env())
        sampler = _Sampler(process.pid)
        sampler.start()
        timer = None
        if timeout is not None:
            timer = threading.Timer(timeout, process.kill)
            timer.start()
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        sampler.stop.set()
        sampler.join()
        if timer is not None:
            timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    if timeout is not None and wall >= timeout:
        runs.failed = f"avbruten efter {timeout:.0f} s"
        return ""
    if process.returncode not in ok_codes:
        message = (stderr.strip() or stdout.strip()).splitlines()
        runs.failed = f"kod {process.returncode}" + (f": {message[-1]}" if message else "")
        return stdout
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
    scale = 1 if sys.platform == "darwin" else 1024
    runs.wall.append(wall)
    runs.cpu.append(usage.ru_utime + usage.ru_stime)
    # ru_maxrss only where /proc could not be sampled (it includes this process's size).
    runs.rss_mb.append(sampler.peak or usage.ru_maxrss * scale / 1e6)
    for line in stdout.splitlines()[-1:]:
        if line.startswith("{"):
            runs.inner.append(json.loads(line))
    return stdout


def measure(label: str, command: list[str], count: int, timeout: float | None = None) -> Runs:
    runs = Runs(label)
    for _ in range(count):
        run_once(command, runs, timeout)
        if runs.failed:
            break
    return runs


def floor_command(*args: str) -> list[str]:
    return [sys.executable, str(FLOOR), *args]


# --- one size ---------------------------------------------------------------------------


def writers_present() -> dict[str, bool]:
    writers = ROOT / "vp_excel" / "writers"
    return {"xlsx": (writers / "xlsx" / "__init__.py").is_file(),
            "docx": (writers / "docx" / "__init__.py").is_file(),
            "html": (writers / "html" / "__init__.py").is_file()}


def workbook_for(size: str, data: Path) -> Path:
    if size == "example":
        return EXAMPLE
    return workload.cached(workload.SIZES[size], data)


def bench_size(size: str, path: Path, runs: int, work: Path, log,
               preset: dict[str, Runs] | None = None) -> dict[str, Runs]:
    vp = vp_excel_command()
    out = work / size
    out.mkdir(parents=True, exist_ok=True)
    have = writers_present()
    results: dict[str, Runs] = dict(preset or {})

    def step(key: str, label: str, command: list[str], count: int = runs,
             timeout: float | None = None) -> Runs:
        log(f"  {size}: {label} …")
        results[key] = measure(label, command, count, timeout)
        return results[key]

    if "check" not in results:
        step("check", "vp-excel check", [*vp, "check", str(path)])
    if size.endswith("-egen"):  # the kommun's own layout: the reading is what differs
        if have["xlsx"] and have["docx"]:
            step("build", "vp-excel build", [*vp, "build", str(path), "--out", str(out)])
        step("floor_read", "openpyxl läser allt", floor_command("read", str(path)))
        return results
    if have["xlsx"] and have["docx"] and "build" not in results:
        step("build", "vp-excel build", [*vp, "build", str(path), "--out", str(out)])
    for fmt in ("xlsx", "docx", "html"):
        if have[fmt]:
            step(f"build_{fmt}", f"vp-excel build --bara {fmt}",
                 [*vp, "build", str(path), "--bara", fmt, "--out", str(out / fmt)])
    step("floor_read", "openpyxl läser allt", floor_command("read", str(path)))
    stages = step("stages", "steg i processen",
                  floor_command("stages", str(path), str(out / "stages")), count=min(runs, 3))
    stage_errors = {k: v for data in stages.inner for k, v in data.get("errors", {}).items()}
    if stage_errors:
        stages.failed = "; ".join(f"{k}: {v}" for k, v in stage_errors.items())
    reports = sorted((out / "stages").glob("stages.xlsx"))
    if reports:
        cells = work / f"{size}-cells.pickle"
        subprocess.run(floor_command("extract-xlsx", str(reports[0]), str(cells)), check=True,
                       cwd=ROOT, env=_env(), capture_output=True)
        step("floor_xlsx", "xlsxwriter skriver samma celler",
             floor_command("xlsxwriter", str(cells), str(out / "floor.xlsx")))
    documents = sorted((out / "stages").glob("stages.docx"))
    if documents:
        tables = work / f"{size}-tables.pickle"
        subprocess.run(floor_command("extract-docx", str(documents[0]), str(tables)),
                       check=True, cwd=ROOT, env=_env(), capture_output=True)
        step("floor_docx", "python-docx add_row().cells, samma tabeller",
             floor_command("docx-table", str(tables), str(out / "floor.docx")),
             count=min(runs, 3), timeout=900)
    return results


def growth_rounds(one: Path, four: Path, rounds: int, work: Path,
                  presets: dict[str, dict[str, Runs]]) -> dict[str, Runs]:
    """check and build on kommun and kommun4, and the import floors, in turn, round by round.

    The runs go into `presets` (so bench_size does not repeat them) and the floors are
    returned; growth is then judged round by round (`paired_growth`)."""
    vp = vp_excel_command()
    floors = {"imports_rounds": Runs("import"), "imports_check_rounds": Runs("import (check)")}
    commands = {"imports_rounds": [sys.executable, "-c", IMPORTS],
                "imports_check_rounds": [sys.executable, "-c", CHECK_IMPORTS]}
    sized: dict[tuple[str, str], tuple[Runs, list[str]]] = {}
    for size, path in (("kommun", one), ("kommun4", four)):
        runs = presets.setdefault(size, {})
        runs["check"] = Runs("vp-excel check")
        runs["build"] = Runs("vp-excel build")
        sized[size, "check"] = runs["check"], [*vp, "check", str(path)]
        sized[size, "build"] = runs["build"], [*vp, "build", str(path), "--out",
                                               str(work / size)]
    for _ in range(rounds):
        for key, command in commands.items():
            run_once(command, floors[key])
        for runs, command in sized.values():
            run_once(command, runs)
    return floors


def paired_growth(one: Runs, four: Runs, floor: Runs, values: str) -> float | None:
    """How many times more `four` costs than `one` above `floor` ("wall", "cpu" or "rss_mb").

    Measured round by round (the same number of runs of each, none failed): the median of the
    rounds' ratios. Otherwise the ratio of the medians."""
    a, b, base = getattr(one, values), getattr(four, values), getattr(floor, values)
    if not a or not b or not base:
        return None
    if len(a) == len(b) == len(base) and not (one.failed or four.failed or floor.failed):
        per_round = [ratio(y - f, x - f) for x, y, f in zip(a, b, base)]
        per_round = [r for r in per_round if r is not None]
        return statistics.median(per_round) if per_round else None
    median = statistics.median(base)
    return ratio(statistics.median(b) - median, statistics.median(a) - median)


# --- report -----------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    ram = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = fmt_num(int(line.split()[1]) / 1024 / 1024, ".1f") + " GB"
    except OSError:
        pass
    versions = {}
    for name in ("openpyxl", "xlsxwriter", "docx", "click", "lxml"):
        try:
            from importlib.metadata import version
            versions[name] = version({"docx": "python-docx", "xlsxwriter": "XlsxWriter"}
                                     .get(name, name))
        except Exception:  # noqa: BLE001 - a version we cannot find is just left out
            pass
    return {"nproc": str(os.cpu_count()), "cpu": cpu or platform.machine(), "ram": ram,
            "python": platform.python_version(), "system": platform.platform(),
            "libraries": ", ".join(f"{k} {v}" for k, v in versions.items()),
            "date": dt.date.today().isoformat()}


def fmt_num(value: float, spec: str = "g") -> str:
    """A number as Swedish text: a decimal comma ("4,5")."""
    return format(value, spec).replace(".", ",")


def fmt_s(value: float | None) -> str:
    return "–" if value is None else fmt_num(value, ".2f" if value >= 0.1 else ".3f")


def fmt_mb(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def fmt_x(value: float | None) -> str:
    return "–" if value is None else fmt_num(value, ".2f") + "×"


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


@dataclass
class Target:
    name: str
    wanted: str
    measured: str
    passed: bool | None  # None: not measured

    @property
    def verdict(self) -> str:
        return "–" if self.passed is None else "PASS" if self.passed else "FAIL"


def evaluate_targets(common: dict[str, Runs], sizes: dict[str, dict[str, Runs]]) -> list[Target]:
    targets: list[Target] = []
    for key, flag in (("help", "--help"), ("version", "--version")):
        seconds = common[key].seconds
        targets.append(Target(f"vp-excel {flag}", f"< {fmt_num(HELP_MAX_S)} s",
                              f"{fmt_s(seconds)} s",
                              None if seconds is None else seconds < HELP_MAX_S))
    imports = common["imports"].seconds
    example = sizes.get("example", {})
    build = example.get("build")
    value = ratio(build.seconds if build else None, imports)
    targets.append(Target("build, exemplet", f"≤ {fmt_num(EXAMPLE_BUILD_PER_IMPORT)}× importtiden",
                          f"{fmt_s(build.seconds if build else None)} s = {fmt_x(value)} "
                          f"import ({fmt_s(imports)} s)",
                          None if value is None else value <= EXAMPLE_BUILD_PER_IMPORT))
    kommun = sizes.get("kommun", {})
    build = kommun.get("build")
    seconds = build.seconds if build else None
    memory = build.memory if build else None
    targets.append(Target("build, kommun", f"< {fmt_num(KOMMUN_BUILD_MAX_S)} s",
                          f"{fmt_s(seconds)} s", None if seconds is None
                          else seconds < KOMMUN_BUILD_MAX_S))
    targets.append(Target("build, kommun, minne", f"< {KOMMUN_BUILD_MAX_MB} MB",
                          f"{fmt_mb(memory)} MB", None if memory is None
                          else memory < KOMMUN_BUILD_MAX_MB))
    check = kommun.get("check")
    seconds = check.seconds if check else None
    targets.append(Target("check, kommun", f"< {fmt_num(KOMMUN_CHECK_MAX_S)} s",
                          f"{fmt_s(seconds)} s",
                          None if seconds is None else seconds < KOMMUN_CHECK_MAX_S))
    own = sizes.get("kommun-egen", {}).get("check")
    seconds = own.seconds if own else None
    targets.append(Target("check, kommun i kommunens egen tabell",
                          f"< {fmt_num(KOMMUN_CHECK_MAX_S)} s", f"{fmt_s(seconds)} s",
                          None if seconds is None else seconds < KOMMUN_CHECK_MAX_S))
    targets.extend(_stress_targets(sizes))
    big = sizes.get("kommun4", {})
    for command in ("build", "check"):
        # The floor a command starts from: the libraries it imports (check needs only
        # openpyxl and click).
        key = "imports_check" if command == "check" else "imports"
        base = common.get(f"{key}_rounds") or common[key]
        one, four = kommun.get(command), big.get(command)
        if not one or not four or one.seconds is None or four.seconds is None:
            targets.append(Target(f"linjär tillväxt, {command}",
                                  f"4× rader ≤ {fmt_num(GROWTH_MAX)}×",
                                  "–", None))
            continue
        # Above the floor of starting Python and importing: that part does not grow.
        time_growth = paired_growth(one, four, base, "wall")
        mem_growth = paired_growth(one, four, base, "rss_mb")
        raw_time, raw_mem = ratio(four.seconds, one.seconds), ratio(four.memory, one.memory)
        paired = " runda för runda" if len(one.wall) == len(four.wall) == len(base.wall) \
            else ""
        passed = None if time_growth is None or mem_growth is None else \
            time_growth <= GROWTH_MAX and mem_growth <= GROWTH_MAX
        targets.append(Target(
            f"linjär tillväxt, {command}", f"4× rader ≤ {fmt_num(GROWTH_MAX)}× tid och minne",
            f"tid {fmt_x(time_growth)}, minne {fmt_x(mem_growth)} över importgolvet, median"
            f"{paired} (hela processen: {fmt_x(raw_time)}, {fmt_x(raw_mem)})", passed))
        # CPU time is what the machine's other load disturbs least.
        cpu_growth = paired_growth(one, four, base, "cpu")
        targets.append(Target(
            f"linjär tillväxt, {command}, CPU-tid", f"4× rader ≤ {fmt_num(GROWTH_MAX)}×",
            f"{fmt_x(cpu_growth)} över importgolvet (hela processen: "
            f"{fmt_x(ratio(four.cpu_seconds, one.cpu_seconds))})",
            None if cpu_growth is None else cpu_growth <= GROWTH_MAX))
    # Measured where tables are big enough to matter; a tiny table is all fixed cost.
    for size in ("kommun", "kommun4", "stress"):
        data = sizes.get(size, {})
        floor, stages = data.get("floor_docx"), data.get("stages")
        if floor and stages:
            plain = floor.inner_median("seconds")
            ours = stages.inner_median("seconds", "docx_tables")
            whole = stages.inner_median("seconds", "write_docx")
            speed = ratio(plain, ours)
            speed_whole = ratio(plain, whole)
            targets.append(Target(
                f"Word-tabellen, {size}", f"≥ {fmt_num(WORD_TABLE_SPEEDUP)}× snabbare än "
                "add_row().cells", f"{fmt_x(speed)} (python-docx {fmt_s(plain)} s, våra "
                f"tabellfunktioner {fmt_s(ours)} s; hela Word-skrivaren {fmt_s(whole)} s = "
                f"{fmt_x(speed_whole)})", None if speed is None else speed >= WORD_TABLE_SPEEDUP))
            break
    else:
        targets.append(Target("Word-tabellen", f"≥ {fmt_num(WORD_TABLE_SPEEDUP)}× snabbare", "–",
                              None))
    # The web page is the same document as the Word report: it must not be the slower one.
    stages = sizes.get("kommun", {}).get("stages")
    html = stages.inner_median("seconds", "write_html") if stages else None
    word = stages.inner_median("seconds", "write_docx") if stages else None
    value = ratio(html, word)
    targets.append(Target("webbsidan, kommun", "≤ Word-skrivarens tid (1×)",
                          f"{fmt_s(html)} s = {fmt_x(value)} Word-skrivaren ({fmt_s(word)} s)",
                          None if value is None else value <= 1.0))
    return targets


def _stress_targets(sizes: dict[str, dict[str, Runs]]) -> list[Target]:
    """A region's plan: 10 000 goals built in bounded memory, and twice as many in nearly
    the same (the Word report is written as a stream); CPU time beside, as the load of the
    machine disturbs it least."""
    one = sizes.get("stress", {}).get("build")
    two = sizes.get("stress2", {}).get("build")
    memory = one.memory if one else None
    cpu = f", CPU {fmt_s(one.cpu_seconds)} s" if one and one.cpu_seconds else ""
    targets = [Target("build, stress, minne", f"< {STRESS_BUILD_MAX_MB} MB",
                      f"{fmt_mb(memory)} MB{cpu}",
                      None if memory is None else memory < STRESS_BUILD_MAX_MB)]
    growth = ratio(two.memory if two else None, memory)
    cpu_growth = ratio(two.cpu_seconds if two else None, one.cpu_seconds if one else None)
    targets.append(Target(
        "build, stress×2 mot stress, minne", f"≤ {fmt_num(STRESS_FLAT_MEMORY)}×",
        f"{fmt_x(growth)} ({fmt_mb(two.memory if two else None)} MB; CPU-tid "
        f"{fmt_x(cpu_growth)})", None if growth is None else growth <= STRESS_FLAT_MEMORY))
    return targets


def figure_rows(common: dict[str, Runs], sizes: dict[str, dict[str, Runs]],
                paths: dict[str, Path]) -> list[list[str]]:
    """One row per measurement: whole processes (wall, CPU, peak memory), then the steps
    inside one process (CPU seconds) beside the same work done by the bare library."""
    imports = common["imports"]

    def process_row(size: str, runs: Runs, floor: str = "", floor_ratio=None) -> list[str]:
        if runs.failed:
            return [size, runs.label, "FEL", "", "", "", _short(runs.failed)]
        return [size, f"{runs.label} ({len(runs.wall)} körn.)", fmt_s(runs.seconds),
                fmt_s(runs.cpu_seconds), fmt_mb(runs.memory), floor, fmt_x(floor_ratio)]

    rows = [process_row("–", common["help"]), process_row("–", common["version"]),
            process_row("–", imports)]
    rows[-1][1] = f"golv: python -c \"{IMPORTS}\" ({len(imports.wall)} körn.)"
    if "imports_check" in common:
        rows.append(process_row("–", common["imports_check"]))
        rows[-1][1] = (f"golv för check: python -c \"{CHECK_IMPORTS}\" "
                       f"({len(common['imports_check'].wall)} körn.)")
    for size, data in sizes.items():
        read = data.get("floor_read")
        stages = data.get("stages")
        name = f"{size} ({paths[size].stat().st_size // 1024} kB)"
        for key in ("check", "build", "build_xlsx", "build_docx", "build_html"):
            runs = data.get(key)
            if runs is None:
                continue
            if key == "check" and read:
                rows.append(process_row(name, runs, "openpyxl läser allt",
                                        ratio(runs.seconds, read.seconds)))
            else:
                rows.append(process_row(name, runs, "import",
                                        ratio(runs.seconds, imports.seconds)))
        if read:
            rows.append(process_row(name, read))
            rows[-1][1] = f"golv: {read.label} (hela processen)"
        if not stages or not stages.inner:
            continue
        parts = {k: stages.inner_median("seconds", k) for k in
                 ("read", "evaluate", "write_xlsx", "write_docx", "docx_tables",
                  "write_html")}

        def step(label: str, seconds, floor: str = "", floor_seconds=None,
                 name: str = name) -> list[str]:
            shown = f"{floor} ({fmt_s(floor_seconds)} s)" if floor_seconds is not None else floor
            return [name, f"  i processen: {label}", "", fmt_s(seconds), "", shown,
                    fmt_x(ratio(seconds, floor_seconds))]

        rows.append(step("läsa arbetsboken", parts["read"], "openpyxl läser allt",
                         read.inner_median("seconds") if read else None))
        rows.append(step("regelmotorn", parts["evaluate"]))
        if parts["write_xlsx"] is not None:
            floor = data.get("floor_xlsx")
            rows.append(step("skriva rapportarbetsboken", parts["write_xlsx"],
                             "xlsxwriter, samma celler",
                             floor.inner_median("seconds") if floor else None))
        if parts["write_docx"] is not None:
            floor = data.get("floor_docx")
            plain = floor.inner_median("seconds") if floor else None
            rows.append(step("skriva Word-rapporten", parts["write_docx"],
                             "python-docx add_row().cells", plain))
            if parts["docx_tables"] is not None:
                rows.append(step("varav Word-tabellerna", parts["docx_tables"],
                                 "python-docx add_row().cells", plain))
        if parts["write_html"] is not None:
            rows.append(step("skriva webbsidan", parts["write_html"], "Word-skrivaren",
                             parts["write_docx"]))
    return rows


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def text_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip()  # noqa: E731
    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


FIGURE_HEADER = ["Storlek", "Mätning", "Median s", "CPU s", "Topp MB", "Golv",
                 "Kvot mot golvet"]
TARGET_HEADER = ["Mål", "Krav", "Uppmätt", "Resultat"]


def write_results(target: Path, info: dict, command: str, figures: list[list[str]],
                  targets: list[Target], raw: dict) -> None:
    text = [
        "# vp-excel: prestandamätning",
        "",
        f"Uppmätt {info['date']} med `{command}` på {info['nproc']} kärnor, {info['cpu']}, "
        f"{info['ram']} RAM, Python {info['python']} ({info['system']}); {info['libraries']}."
        + (f" Belastning: {info['load']}." if "load" in info else ""),
        "",
        "Hela processer (start, import, arbete), median av flera körningar: väggklocktid, "
        "CPU-tid (användare + system, processen och dess barn) och toppminne (samplat ur /proc "
        "var tionde millisekund: den största processens egen topp, VmHWM, eller summan över "
        "processen och dess barn, med sidor som delas efter fork räknade en gång, om den är "
        "större). "
        "Golven är samma data med biblioteken ensamma. Raderna \"i processen\" är CPU-tiden för "
        "varje steg inuti en process (bench/floor.py stages), utan start och import; "
        "golvkvoterna där jämför CPU-tid med CPU-tid.",
        "",
        markdown_table(FIGURE_HEADER, figures),
        "",
        "## Mål",
        "",
        markdown_table(TARGET_HEADER, [[t.name, t.wanted, t.measured, t.verdict]
                                       for t in targets]),
        "",
        "## Rådata (JSON)",
        "",
        "```json",
        json.dumps(raw, indent=1, ensure_ascii=False),
        "```",
        "",
    ]
    target.write_text("\n".join(text), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: example and mini, one run each, results not saved")
    parser.add_argument("--sizes", help="comma-separated: " + ", ".join(
        ("example", *workload.SIZES)))
    parser.add_argument("--runs", type=int, help="runs per measurement (default per size)")
    parser.add_argument("--results", type=Path,
                        help=f"where to write the record (default {RESULTS.relative_to(ROOT)};"
                             " --quick writes none unless given)")
    parser.add_argument("--data", type=Path, default=DATA,
                        help="folder for the generated workbooks (cached)")
    parser.add_argument("--wait-idle", type=float, default=0, metavar="SECONDS",
                        help="first wait (at most this long) until the machine is idle "
                             "(1-minute load average below 0.5)")
    args = parser.parse_args(argv)
    sizes = [s.strip() for s in (args.sizes.split(",") if args.sizes
                                 else QUICK_SIZES if args.quick else ALL_SIZES) if s.strip()]
    unknown = [s for s in sizes if s != "example" and s not in workload.SIZES]
    if unknown:
        parser.error(f"okänd storlek: {', '.join(unknown)}")
    results_path = args.results if args.results else (None if args.quick else RESULTS)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    def runs_for(size: str, default: int) -> int:
        return args.runs or (1 if args.quick else default)

    if args.wait_idle and hasattr(os, "getloadavg"):
        deadline = time.monotonic() + args.wait_idle
        while os.getloadavg()[0] >= 0.5 and time.monotonic() < deadline:
            time.sleep(5)
    work = Path(tempfile.mkdtemp(prefix="vp-excel-bench-"))
    try:
        vp = vp_excel_command()
        load_before = os.getloadavg() if hasattr(os, "getloadavg") else None
        # One build first, not counted: Python compiles and caches vp_excel's bytecode.
        subprocess.run([*vp, "build", str(EXAMPLE), "--out", str(work / "warm")], cwd=ROOT,
                       env=_env(), capture_output=True)
        common: dict[str, Runs] = {}
        log("vp-excel --help, --version och importgolvet …")
        cli_runs = runs_for("cli", CLI_RUNS)
        common["help"] = measure("vp-excel --help", [*vp, "--help"], cli_runs)
        common["version"] = measure("vp-excel --version", [*vp, "--version"], cli_runs)
        imports = common["imports"] = Runs("import")
        presets: dict[str, dict[str, Runs]] = {}
        import_command = [sys.executable, "-c", IMPORTS]
        if "example" in sizes and all(writers_present().values()):
            # The example's build is compared with the import time: measure the two in turn,
            # run by run, so that a change in the machine's speed hits both alike.
            log("import och build på exemplet, omväxlande …")
            build = Runs("vp-excel build")
            build_command = [*vp, "build", str(EXAMPLE), "--out", str(work / "example")]
            for _ in range(max(cli_runs, runs_for("example", RUNS["example"]))):
                run_once(import_command, imports)
                run_once(build_command, build)
            presets["example"] = {"build": build}
        else:
            for _ in range(cli_runs):
                run_once(import_command, imports)
        common["imports_check"] = measure("import (check)",
                                          [sys.executable, "-c", CHECK_IMPORTS], cli_runs)
        if {"kommun", "kommun4"} <= set(sizes):
            log("kommun och kommun×4 omväxlande, runda för runda …")
            rounds = runs_for("kommun4", GROWTH_ROUNDS)
            common.update(growth_rounds(workbook_for("kommun", args.data),
                                        workbook_for("kommun4", args.data), rounds, work,
                                        presets))
        paths: dict[str, Path] = {}
        per_size: dict[str, dict[str, Runs]] = {}
        for size in sizes:
            log(f"{size}: arbetsboken …")
            paths[size] = workbook_for(size, args.data)
            per_size[size] = bench_size(size, paths[size], runs_for(size, RUNS[size]), work, log,
                                        presets.get(size))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    figures = figure_rows(common, per_size, paths)
    targets = evaluate_targets(common, per_size)
    info = machine()
    if load_before is not None:
        info["load"] = (f"{fmt_num(load_before[0], '.2f')} före, "
                        f"{fmt_num(os.getloadavg()[0], '.2f')} efter "
                        "(1 min)")
    print(f"vp-excel prestanda {info['date']}: {info['nproc']} kärnor, {info['cpu']}, "
          f"{info['ram']} RAM, Python {info['python']}")
    if "load" in info:
        print(f"Belastning (load average): {info['load']}. Annat som körs samtidigt på "
              "maskinen syns i tiderna.")
    print()
    print(text_table(FIGURE_HEADER, figures))
    print()
    print(text_table(TARGET_HEADER, [[t.name, t.wanted, t.measured, t.verdict]
                                     for t in targets]))
    failed_runs = [f"{size}: {r.label}: {r.failed}" for size, data in per_size.items()
                   for r in data.values() if r.failed]
    failed_runs += [f"{r.label}: {r.failed}" for r in common.values() if r.failed]
    for line in failed_runs:
        print(f"FEL {line}")
    if results_path:
        command = "python bench/run.py" + (" " + " ".join(argv if argv is not None
                                                          else sys.argv[1:])).rstrip()
        raw = {"machine": info, "common": {k: v.as_json() for k, v in common.items()},
               "sizes": {size: {"workbook": str(paths[size].relative_to(ROOT))
                                if paths[size].is_relative_to(ROOT) else paths[size].name,
                                **{k: v.as_json() for k, v in data.items()}}
                         for size, data in per_size.items()},
               "targets": [{"name": t.name, "wanted": t.wanted, "measured": t.measured,
                            "result": t.verdict} for t in targets]}
        write_results(results_path, info, command.strip(), figures, targets, raw)
        print(f"\nSkrev {results_path}")
    return 1 if failed_runs else 0


if __name__ == "__main__":
    raise SystemExit(main())
