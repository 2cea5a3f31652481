"""Kill star at random moments; a rerun must finish the job exactly once.

For each command (generate, rationalize, check, filter) each trial runs the command as a
subprocess on a small generated input, sends it SIGKILL (sometimes SIGTERM, SIGINT, or SIGINT
to its whole process group, as Ctrl-C in a terminal does) after a random delay between start
and the expected finish, possibly kills the rerun too, then reruns it to completion and checks:

  - the final run exits 0 and the manifest says `status: complete`
  - every expected trace id is there exactly once (no loss, no duplicate)
  - no `.partial` / `.idx` / `.tmp` work files are left in OUT
  - the manifest's shard list is exactly the sealed files, with their sha256 and record
    counts; every rank part agrees; the card's version is the shards' fingerprint
  - check and filter: the shards concatenated in name order equal an uninterrupted
    reference run byte for byte (generate and rationalize are compared too, and reported)
  - but for filter (which writes once, at its end): the manifest's totals (`stats`, but
    seconds) equal the reference run's, though the run was killed and resumed
  - after each kill: the manifest parses and lists only sealed files with their hashes,
    `star status` exits 0 and shows no rank as `running`, a graceful stop (exit 130) left no
    partial shard behind, and no process of the killed run's group is left alive

Two more kinds of trial, for generate:

  writers  a second writer (the same command, --overwrite, another command, other options)
           into an OUT that a first is writing must exit 2 at once naming the first's pid,
           and the first's output must be intact
  ranks    ranks 0 and 1 of `--num-shards 2` start at the same moment into one fresh OUT,
           are killed at random, rerun (at once again) to completion; the union must be the
           reference's traces exactly once, and no rank may ever refuse to start

    python bench/kills.py                        # 20 trials of each, a few minutes on 2 cores
    python bench/kills.py --trials 5 --only check,filter
    python bench/kills.py --only check --seed 17 --trials 1 -v --keep /tmp/k   # one trial

Prints a table: command, trials, passed, and each failure with its seed (rerun it with
`--only COMMAND --seed SEED --trials 1`). Exit status 1 when any trial failed.
"""

from __future__ import annotations

import os
import sys

# Run as `python bench/kills.py`, this folder comes first on sys.path, where bench/select.py
# would shadow the standard library's `select` (which subprocess imports).
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import argparse  # noqa: E402
import collections  # noqa: E402
import contextlib  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

from star_cli.io import scratch  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
ENGINE = "tests.scripted:ScriptedEngine"
SIGNALS = [("SIGKILL", 0.6), ("SIGTERM", 0.15), ("SIGINT", 0.1), ("CTRL-C", 0.15)]
_SHARD = re.compile(r"^\d{5}-\d{5}\.jsonl$")


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), e.get("PYTHONPATH")) if p)
    e.setdefault("HF_HUB_OFFLINE", "1")
    e.setdefault("HF_DATASETS_OFFLINE", "1")
    return e


def star(*args: str) -> list[str]:
    return [sys.executable, "-m", "star_cli", *args]


# -- inputs and the commands under test ---------------------------------------------------
@dataclass
class Spec:
    """One command line under test, and its uninterrupted reference output."""

    command: str
    variant: str
    argv: Callable[[Path], list[str]]  # OUT -> the command line
    keyed: bool = True  # records carry trace ids
    byte_equal: bool = False  # the output must equal the reference's byte for byte
    ref: Path | None = None
    seconds: float = 1.0  # how long an uninterrupted run takes
    opens: float = 0.0  # when it takes its lock (past reading input, loading the engine)

    shards: int = 1  # how many shards it writes

    def moment(self, rng: random.Random, share: float = 1.0) -> Moment:
        """A random moment of a run: a quarter of the time while it starts (by the clock),
        else while it writes: once a random number of its shards are sealed, then a random
        part of a shard's time more (by progress, so that a loaded machine moves the
        moment with the run). `share`: the part of the shards one rank writes."""
        if rng.random() < 0.25:
            return Moment("time", rng.uniform(0, max(self.opens, 0.05)))
        shards = max(1, int(self.shards * share))
        per_shard = max(0.0, self.seconds - self.opens) / max(1, self.shards)
        return Moment("shards", rng.randrange(shards), rng.uniform(0, per_shard))


@dataclass
class Moment:
    """When to send the signal: `time` s after the start, or once `shards` more shards are
    sealed, `extra` s later."""

    kind: str
    value: float
    extra: float = 0.0
    _base: int | None = None
    _since: float | None = None

    def __str__(self) -> str:
        if self.kind == "time":
            return f"{self.value:.3f}s"
        return f"shard {int(self.value)}+{self.extra:.3f}s"

    def reached(self, out: Path, elapsed: float, prefix: str = "") -> bool:
        if self.kind == "time":
            return elapsed >= self.value
        count = sum(p.name.startswith(prefix) for p in sealed(out))
        if self._base is None:
            self._base = count
        if self._since is None:
            if count - self._base < self.value:
                return False
            self._since = elapsed
        return elapsed - self._since >= self.extra


def problems_file(path: Path, count: int) -> Path:
    sys.path.insert(0, str(REPO))
    from tests.scripted import arithmetic_problems

    path.write_text("".join(json.dumps(r) + "\n" for r in arithmetic_problems(count)))
    return path


def gen_argv(src: Path, *extra: str, delay: float = 0.02) -> Callable[[Path], list[str]]:
    return lambda out: star("generate", str(src), "--task", "gsm8k", "--model", "m",
                            "--engine", ENGINE, "--engine-arg", f"delay={delay}",
                            "--chunk-size", "2", "--shard-size", "7", "-n", "3", "-q",
                            *extra, "-o", str(out))


def setup(work: Path, scale: float = 1.0, only: set[str] | None = None
          ) -> dict[str, list[Spec]]:
    """Inputs, and each command's variants with a reference run (`only`: just these
    command/variant names, e.g. {"check/file"})."""
    n_gen, n_traces = max(8, int(60 * scale)), max(50, int(1000 * scale))
    problems = problems_file(work / "problems.jsonl", n_gen)
    big = problems_file(work / "big-problems.jsonl", n_traces)
    traces_dir = work / "traces"
    run_ok(star("generate", str(big), "--task", "gsm8k", "--model", "m", "--engine", ENGINE,
                "-n", "4", "-q", "--shard-size", "1300", "-o", str(traces_dir)))
    traces = work / "traces.jsonl"
    traces.write_bytes(concat(traces_dir))

    specs = {
        "generate": [Spec("generate", "n=3", gen_argv(problems))],
        "rationalize": [],
        "check": [
            Spec("check", "file", lambda out: star(
                "check", str(traces), "--task", "gsm8k", "--shard-size", "40", "-q",
                "-o", str(out)), byte_equal=True),
            Spec("check", "file-1-worker", lambda out: star(
                "check", str(traces), "--task", "gsm8k", "--shard-size", "40", "-q",
                "--workers", "1", "-o", str(out)), byte_equal=True),
            Spec("check", "dir", lambda out: star(
                "check", str(traces_dir), "--task", "gsm8k", "--shard-size", "40", "-q",
                "-o", str(out)), byte_equal=True),
        ],
        "filter": [
            Spec("filter", "traces", lambda out: star(
                "filter", str(traces), "--dedup", "exact", "--max-per-problem", "2",
                "--shard-size", "15", "-q", "-o", str(out)), byte_equal=True),
            Spec("filter", "messages", lambda out: star(
                "filter", str(traces), "--format", "messages", "--max-total", "1500",
                "--shard-size", "15", "-q", "-o", str(out)), keyed=False, byte_equal=True),
        ],
    }
    reference(specs["generate"][0], work)
    gen_ref = specs["generate"][0].ref
    specs["rationalize"] = [Spec("rationalize", "all", lambda out: star(
        "rationalize", str(gen_ref), "-p", str(problems), "--all", "--task", "gsm8k",
        "--model", "m", "--engine", ENGINE, "--engine-arg", "delay=0.02", "--chunk-size", "2",
        "--shard-size", "5", "-n", "2", "-q", "-o", str(out)))]
    for variants in specs.values():
        if only is not None:
            variants[:] = [v for v in variants if f"{v.command}/{v.variant}" in only
                           or v.command == "generate"]
        for spec in variants:
            if spec.ref is None:
                reference(spec, work)
    return specs


def reference(spec: Spec, work: Path) -> None:
    """The uninterrupted run, timed: how long it takes, and when it takes its lock."""
    out = work / f"ref-{spec.command}-{spec.variant}"
    started = time.monotonic()
    proc = subprocess.Popen(spec.argv(out), cwd=REPO, env=env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    while proc.poll() is None and not (out / ".lock-00000").exists():
        time.sleep(0.002)
    spec.opens = time.monotonic() - started
    _, err = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"{' '.join(spec.argv(out))} failed ({proc.returncode}):\n{err}")
    spec.seconds = time.monotonic() - started
    spec.ref = out
    spec.shards = max(1, len(sealed(out)))
    problems = verify(out, None, spec)
    if problems:
        raise SystemExit(f"reference run {spec.command} {spec.variant}: {problems}")


def run_ok(argv: list[str]) -> None:
    r = subprocess.run(argv, cwd=REPO, env=env(), capture_output=True, text=True)
    if r.returncode:
        raise SystemExit(f"{' '.join(argv)} failed ({r.returncode}):\n{r.stderr}")


# -- reading an OUT -----------------------------------------------------------------------
def sealed(out: Path) -> list[Path]:
    data = out / "data"
    return sorted(p for p in data.iterdir() if _SHARD.match(p.name)) if data.is_dir() else []


def concat(out: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sealed(out))


def work_files(out: Path) -> list[str]:
    """Hidden work files star should have cleaned up (its locks excepted)."""
    left = []
    for folder in (out, out / "data", out / "ranks"):
        if folder.is_dir():
            left += [f"{folder.name}/{p.name}" for p in folder.iterdir()
                     if p.name.startswith(".") and not p.name.startswith(".lock-")
                     and p.name != ".manifest.lock"]
    return left


def fingerprint(shards: list[dict]) -> str:
    h = hashlib.sha256()
    for s in sorted(shards, key=lambda s: s["file"]):
        h.update(f"{s['file']} {s['sha256']}\n".encode())
    return h.hexdigest()


def card_version(fp: str) -> str:
    return f"1.{int(fp[:6], 16)}.{int(fp[6:12], 16)}"


def listed_ok(out: Path, shards: list[dict]) -> list[str]:
    """Every listed shard exists, once, with its hash and record count."""
    bad = []
    files = [s["file"] for s in shards]
    if len(files) != len(set(files)):
        bad.append(f"a shard listed twice: {sorted(f for f in files if files.count(f) > 1)}")
    for s in shards:
        path = out / s["file"]
        if not path.exists():
            bad.append(f"listed shard missing: {s['file']}")
            continue
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != s["sha256"]:
            bad.append(f"sha256 mismatch: {s['file']}")
        if data.count(b"\n") != s["records"]:
            bad.append(f"record count mismatch: {s['file']}")
    return bad


def verify(out: Path, ref: Path | None, spec: Spec, ranks: int = 1,
           lines_only: bool = False) -> list[str]:
    """What is wrong with a finished OUT (nothing: an empty list)."""
    bad: list[str] = []
    try:
        manifest = json.loads((out / "manifest.json").read_text())
    except (OSError, ValueError) as e:
        return [f"manifest unreadable: {e}"]
    if manifest.get("status") != "complete":
        bad.append(f"status {manifest.get('status')!r}, not complete")
    if left := work_files(out):
        bad.append(f"work files left: {left}")
    shards = manifest.get("shards", [])
    files = sorted(f"data/{p.name}" for p in sealed(out))
    if sorted(s["file"] for s in shards) != files:
        extra = set(files) - {s["file"] for s in shards}
        gone = {s["file"] for s in shards} - set(files)
        bad.append(f"manifest shards != files (unlisted {sorted(extra)}, missing {sorted(gone)})")
    bad += listed_ok(out, shards)
    if manifest.get("records") != sum(s["records"] for s in shards):
        bad.append("manifest records != sum of shard records")
    if manifest.get("fingerprint") != fingerprint(shards):
        bad.append("manifest fingerprint is not its shards'")
    card = (out / "README.md").read_text() if (out / "README.md").exists() else ""
    if shards and f"version: {card_version(fingerprint(shards))}" not in card:
        bad.append("the card's version is not the shards' fingerprint")
    parts = sorted((out / "ranks").glob("*.json"))
    if len(parts) != ranks:
        bad.append(f"{len(parts)} rank parts, expected {ranks}")
    part_files = []
    for p in parts:
        part = json.loads(p.read_text())
        part_files += [s["file"] for s in part.get("shards", [])]
        if part.get("status") != "complete":
            bad.append(f"{p.name}: status {part.get('status')!r}")
    if sorted(part_files) != sorted(s["file"] for s in shards):
        bad.append("rank parts' shards != manifest shards")
    data = concat(out)
    lines = data.splitlines()
    if spec.keyed:
        ids = collections.Counter(json.loads(line)["id"] for line in lines)
        dups = [i for i, c in ids.items() if c > 1]
        if dups:
            bad.append(f"{len(dups)} duplicated trace ids, e.g. {dups[0]}")
    if ref is not None:
        want = concat(ref)
        if spec.keyed:
            want_ids = {json.loads(line)["id"] for line in want.splitlines()}
            lost = want_ids - set(ids)
            if lost:
                bad.append(f"{len(lost)} trace ids lost, e.g. {sorted(lost)[0]}")
            if set(ids) - want_ids:
                bad.append(f"{len(set(ids) - want_ids)} unexpected trace ids")
        if spec.command != "filter" and counts(out) != counts(ref):
            # (filter's totals are its one pass's: it writes only at its end)
            diff = {k: (v, counts(ref).get(k)) for k, v in counts(out).items()
                    if counts(ref).get(k) != v}
            bad.append(f"stats differ from the reference's (got, want): {diff}")
        if lines_only:
            if collections.Counter(lines) != collections.Counter(want.splitlines()):
                bad.append("records differ from the reference's (as a multiset of lines)")
        elif data != want:
            if spec.byte_equal:
                bad.append(f"output differs from the reference byte for byte "
                           f"({len(data)} vs {len(want)} bytes)")
            elif collections.Counter(lines) != collections.Counter(want.splitlines()):
                bad.append("records differ from the reference's")
    return bad


def counts(out: Path) -> dict[str, int]:
    """A finished run's totals that count things (its manifest's `stats`, not its seconds):
    a run killed and resumed must report the uninterrupted run's."""
    stats = json.loads((out / "manifest.json").read_text()).get("stats") or {}
    return {k: v for k, v in stats.items() if type(v) is int and "seconds" not in k}


# -- running and killing ------------------------------------------------------------------
@dataclass
class Killed:
    signal: str
    delay: float
    rc: int | None
    stderr: str
    landed: str  # starting (before its lock) / writing (+partial: one left) / finished


def pick_signal(rng: random.Random) -> str:
    return rng.choices([s for s, _ in SIGNALS], [w for _, w in SIGNALS])[0]


def send(proc: subprocess.Popen, name: str) -> None:
    if name == "CTRL-C":
        os.killpg(proc.pid, signal.SIGINT)  # the whole foreground group, as a terminal does
    else:
        proc.send_signal(getattr(signal, name))


def run_and_kill(argv: list[str], out: Path, sig: str, when: Moment
                 ) -> tuple[Killed, list[str]]:
    """Start `argv`, send `sig` at moment `when` (unless it ended), wait; what went wrong."""
    bad: list[str] = []
    when.reached(out, 0.0)  # counts the shards there before the run
    started = time.monotonic()
    proc = subprocess.Popen(argv, cwd=REPO, env=env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    while proc.poll() is None and not when.reached(out, time.monotonic() - started):
        time.sleep(0.002)
    delay = time.monotonic() - started
    landed = "finished"
    if proc.poll() is None:
        landed = "writing" if holds_lock(out, proc.pid) else "starting"
        send(proc, sig)
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        bad.append(f"did not stop within 60 s of {sig}")
        proc.kill()
        _, err = proc.communicate()
    rc = proc.returncode
    if landed == "writing" and sig == "SIGKILL" and list((out / "data").glob(".*.partial")):
        landed = "writing+partial"
    graceful = sig != "SIGKILL"
    allowed = {0, -signal.SIGKILL} if not graceful else {0, 130, -signal.SIGTERM, -signal.SIGINT}
    # A SIGINT while Python itself starts (site imports) is a KeyboardInterrupt traceback.
    early = graceful and rc == 1 and landed == "starting" and "KeyboardInterrupt" in err
    if rc not in allowed and not early:
        bad.append(f"{sig}: exit {rc}: {err.strip()[-300:]}")
    # Before star installs its handler (imports, option parsing) Typer turns Ctrl-C into a
    # silent exit 130; nothing is open then. Once past its lock, the hint must be there.
    if rc == 130 and landed == "writing" and "rerun the same command to resume" not in err:
        bad.append(f"{sig}: exit 130 without the resume hint: {err.strip()[-300:]!r}")
    if rc == 2:
        bad.append(f"refused to start: {err.strip()[-300:]}")
    if orphans(proc.pid):
        bad.append(f"{sig}: processes of the killed run still alive after 5 s")
    bad += after_kill(out, rc)
    return Killed(sig, round(delay, 3), rc, err, landed), bad


def holds_lock(out: Path, pid: int, rank: int = 0) -> bool:
    """Whether `pid` has taken rank `rank`'s lock of OUT (it is past the start)."""
    try:
        return json.loads((out / f".lock-{rank:05d}").read_text() or "{}").get("pid") == pid
    except (OSError, ValueError):
        return False


def orphans(pgid: int, wait: float = 5.0) -> bool:
    deadline = time.monotonic() + wait
    while True:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return False
        if time.monotonic() > deadline:
            with_suppress(lambda: os.killpg(pgid, signal.SIGKILL))
            return True
        time.sleep(0.02)


def with_suppress(fn: Callable[[], object]) -> None:
    with contextlib.suppress(OSError):
        fn()


def after_kill(out: Path, rc: int | None) -> list[str]:
    """The state a kill left: a readable manifest listing only sealed, hashed shards; a
    graceful stop sealed its shard; `star status` answers and nobody is `running`."""
    bad: list[str] = []
    if not (out / "manifest.json").exists():
        return bad
    try:
        manifest = json.loads((out / "manifest.json").read_text())
    except ValueError as e:
        return [f"after the kill, manifest.json does not parse: {e}"]
    bad += [f"after the kill: {b}" for b in listed_ok(out, manifest.get("shards", []))]
    part = out / "ranks" / "00000.json"
    if rc == 130 and part.exists():
        status = json.loads(part.read_text()).get("status")
        if status == "interrupted" and list((out / "data").glob(".*.partial")):
            bad.append("interrupted (exit 130) but a partial shard was left unsealed")
    r = subprocess.run(star("status", "--json", str(out)), cwd=REPO, env=env(),
                       capture_output=True, text=True)
    if r.returncode:
        bad.append(f"star status exit {r.returncode}: {r.stderr.strip()[-200:]}")
    else:
        for row in json.loads(r.stdout)["ranks"]:
            if row["status"] == "running":
                bad.append(f"star status: rank {row['rank']} 'running' after its writer died")
    return bad


# -- trials -------------------------------------------------------------------------------
@dataclass
class Result:
    command: str
    seed: int
    variant: str
    failures: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    landed: list[str] = field(default_factory=list)
    bytes_equal: bool | None = None


def kill_trial(spec: Spec, seed: int, where: Path) -> Result:
    rng = random.Random(f"{spec.command}/{seed}")
    res = Result(spec.command, seed, spec.variant)
    out = where / "out"
    kills = 1 + (rng.random() < 0.5)
    for _ in range(kills):
        sig, when = pick_signal(rng), spec.moment(rng)
        killed, bad = run_and_kill(spec.argv(out), out, sig, when)
        res.events.append(f"{sig}@{when}={killed.delay}s->{killed.rc}({killed.landed})")
        res.landed.append(killed.landed)
        res.failures += bad
    final = subprocess.run(spec.argv(out), cwd=REPO, env=env(), capture_output=True, text=True)
    if final.returncode:
        res.failures.append(f"rerun exit {final.returncode}: {final.stderr.strip()[-300:]}")
        return res
    res.failures += verify(out, spec.ref, spec)
    res.bytes_equal = (out / "data").is_dir() and concat(out) == concat(spec.ref)
    return res


def writers_trial(gen: Spec, others: dict[str, Callable[[Path], list[str]]], seed: int,
                  where: Path) -> Result:
    """A second writer into an OUT being written: exit 2 at once naming the first."""
    rng = random.Random(f"writers/{seed}")
    name = rng.choice(sorted(others))
    res = Result("writers", seed, name)
    out = where / "out"
    slow = gen_argv(Path(gen.argv(out)[4]), delay=0.05)  # the same run, slower
    first = subprocess.Popen(slow(out), cwd=REPO, env=env(), stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 30
    while not (out / "ranks" / "00000.json").exists() and time.monotonic() < deadline:
        time.sleep(0.002)
    time.sleep(rng.uniform(0, 0.4 * gen.seconds))
    started = time.monotonic()
    second = subprocess.run(others[name](out), cwd=REPO, env=env(), capture_output=True,
                            text=True, timeout=120)
    took = time.monotonic() - started
    still = first.poll() is None
    res.events.append(f"second: {name} after open -> {second.returncode} in {took:.2f}s"
                      f" (first {'running' if still else 'done'})")
    if not still:
        res.events.append("inconclusive: the first had finished")
    if still and second.returncode != 2:
        res.failures.append(f"second writer ({name}) exit {second.returncode}, not 2: "
                            f"{second.stderr.strip()[-300:]}")
    if still and f"pid {first.pid}" not in second.stderr:
        res.failures.append(f"second writer ({name}) does not name pid {first.pid}: "
                            f"{second.stderr.strip()[-300:]}")
    if took > 10:
        res.failures.append(f"second writer took {took:.1f} s to stop")
    _, err = first.communicate(timeout=120)
    if first.returncode:
        res.failures.append(f"first writer exit {first.returncode}: {err.strip()[-300:]}")
    if not still and second.returncode == 0 and "--overwrite" in name:
        # The first had finished, so the second was no second writer: it replaced the
        # output, as --overwrite asks. OUT holds the second's run, not the first's.
        res.events.append("the second replaced the finished first's output (--overwrite)")
        return res
    res.failures += verify(out, gen.ref, gen)
    return res


def ranks_trial(gen: Spec, seed: int, where: Path) -> Result:
    """Ranks 0 and 1 started at once into one fresh OUT, killed at random, rerun at once."""
    rng = random.Random(f"ranks/{seed}")
    res = Result("ranks", seed, "2 ranks")
    out = where / "out"
    rounds = 1 + (rng.random() < 0.5)
    for round_ in range(rounds + 1):
        final = round_ == rounds
        procs = []
        for r in (0, 1):
            argv = gen.argv(out) + ["--num-shards", "2", "--shard-index", str(r)]
            plan = None if final or rng.random() < 0.3 else (pick_signal(rng),
                                                              gen.moment(rng, 0.5))
            if plan is not None:
                plan[1].reached(out, 0.0, f"{r:05d}-")
            procs.append((r, plan, subprocess.Popen(
                argv, cwd=REPO, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                text=True, start_new_session=True)))
        started = time.monotonic()
        pending = [p for p in procs if p[1] is not None]
        while pending:
            now = time.monotonic() - started
            for item in list(pending):
                r, (sig, when), proc = item
                if proc.poll() is not None:
                    pending.remove(item)
                elif when.reached(out, now, f"{r:05d}-"):
                    res.landed.append("writing" if holds_lock(out, proc.pid, r)
                                      else "starting")
                    send(proc, sig)
                    pending.remove(item)
            time.sleep(0.002)
        for r, plan, proc in procs:
            _, err = proc.communicate(timeout=120)
            what = f"{plan[0]}@{plan[1]}" if plan else "run"
            res.events.append(f"round {round_} rank {r}: {what}->{proc.returncode}")
            if proc.returncode == 2 or (final and proc.returncode):
                res.failures.append(f"round {round_} rank {r} exit {proc.returncode}: "
                                    f"{err.strip()[-300:]}")
    res.failures += verify(out, gen.ref, gen, ranks=2, lines_only=True)
    return res


# -- the bench ----------------------------------------------------------------------------
def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--trials", type=int, default=20, help="trials per command")
    ap.add_argument("--seed", type=int, default=0, help="the first trial's seed")
    ap.add_argument("--only", default="generate,rationalize,check,filter,writers,ranks",
                    help="comma-separated: generate, rationalize, check, filter, writers, ranks")
    ap.add_argument("--scale", type=float, default=1.0, help="input size factor")
    ap.add_argument("--keep", type=Path, help="keep the work directory here")
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per trial")
    args = ap.parse_args()
    only = [c.strip() for c in args.only.split(",") if c.strip()]

    work = Path(tempfile.mkdtemp(prefix="star-kills-")) if args.keep is None else args.keep
    work.mkdir(parents=True, exist_ok=True)
    os.environ["TMPDIR"] = str(work / "tmp")  # star filter's spool, counted afterwards
    (work / "tmp").mkdir(exist_ok=True)
    os.environ.setdefault("HF_HOME", str(work / "hf"))
    t0 = time.monotonic()
    specs = setup(work, args.scale)
    print(f"inputs ready in {time.monotonic() - t0:.1f} s; uninterrupted runs: "
          + ", ".join(f"{s.command}/{s.variant} {s.seconds:.2f}s (lock at {s.opens:.2f}s)"
                      for v in specs.values() for s in v), flush=True)
    gen = specs["generate"][0]
    problems = work / "problems.jsonl"
    others = {
        "same command": gen.argv,
        "same --overwrite": lambda out: gen.argv(out) + ["--overwrite"],
        "generate -n 2": lambda out: [a if a != "3" else "2" for a in gen.argv(out)],
        "check": lambda out: star("check", str(work / "traces.jsonl"), "--task", "gsm8k",
                                  "-q", "-o", str(out)),
        "filter --overwrite": lambda out: star("filter", str(work / "traces.jsonl"), "-q",
                                               "--overwrite", "-o", str(out)),
        "rationalize": lambda out: star("rationalize", str(gen.ref), "-p", str(problems),
                                        "--all", "--task", "gsm8k", "--model", "m",
                                        "--engine", ENGINE, "-q", "-o", str(out)),
    }

    results: dict[str, list[Result]] = {}
    for command in only:
        results[command] = []
        started = time.monotonic()
        for i in range(args.trials):
            seed = args.seed + i
            where = work / "trials" / f"{command}-{seed}"
            shutil.rmtree(where, ignore_errors=True)
            where.mkdir(parents=True)
            if command == "writers":
                res = writers_trial(gen, others, seed, where)
            elif command == "ranks":
                res = ranks_trial(gen, seed, where)
            else:
                variants = specs[command]
                res = kill_trial(variants[seed % len(variants)], seed, where)
            results[command].append(res)
            if args.verbose or res.failures:
                mark = "ok  " if not res.failures else "FAIL"
                print(f"  {mark} {command} seed {seed} [{res.variant}] {'; '.join(res.events)}"
                      + "".join(f"\n         - {f}" for f in res.failures), flush=True)
            if not res.failures and args.keep is None:
                shutil.rmtree(where, ignore_errors=True)
        print(f"{command}: {args.trials} trials in {time.monotonic() - started:.1f} s",
              flush=True)

    print()
    print(f"{'command':<12} {'trials':>6} {'passed':>6}  landed (kills)                     "
          f"failures (seed: first reason)")
    failed = 0
    for command, rs in results.items():
        ok = sum(not r.failures for r in rs)
        failed += len(rs) - ok
        landed = collections.Counter(x for r in rs for x in r.landed)
        land = ", ".join(f"{k} {v}" for k, v in sorted(landed.items())) or "-"
        fails = "; ".join(f"{r.seed}: {r.failures[0][:90]}" for r in rs if r.failures) or "-"
        print(f"{command:<12} {len(rs):>6} {ok:>6}  {land:<34} {fails}")
        eq = [r.bytes_equal for r in rs if r.bytes_equal is not None]
        if eq and command in ("generate", "rationalize"):
            print(f"{'':<12} {'':>6} {'':>6}  byte-equal to the reference: {sum(eq)}/{len(eq)}")
    spools = list((work / "tmp").glob("star-filter-*"))
    if spools:
        time.sleep(scratch.GRACE_S)  # what the next star run of this host would find
        swept = scratch.sweep(work / "tmp")
        print(f"\nnote: {len(spools)} star filter spool directories were left in TMPDIR by "
              f"the last killed runs (never in OUT); the next star run removed {len(swept)} "
              f"of them ({len(spools) - len(swept)} not abandoned)")
    print(f"\ntotal {time.monotonic() - t0:.0f} s; work directory {work}"
          + ("" if args.keep else " (removed)"))
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
