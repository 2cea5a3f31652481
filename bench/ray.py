"""What `--executor ray` costs over one local process, with an engine that answers at once.

For each size, `star generate` runs on arithmetic problems (tests/scripted.py's oracle, -n 4)
three ways into fresh OUTs: one local process; every rank of --num-shards K in one local
process (`--num-shards K`, the local executor); K Ray tasks on a local Ray star starts and
stops (`--executor ray`). It checks that the three unions are the same traces, byte for
byte, then prints the wall time of each, Ray's overhead over the local run, the time to
start and stop an empty local Ray alone, and the peak memory (RSS summed over the driver
and every Ray process) of the Ray run.

    python bench/ray.py                        # 8k traces, 4 ranks
    python bench/ray.py --traces 8000 80000    # and 80k
    python bench/ray.py --ranks 2 --cpus-per-shard 0.5

With an instant engine this is all overhead: the engine's time is what a real run adds,
the same for each way.
"""

from __future__ import annotations

import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import argparse  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SAMPLES = 4


def env(ray_tmp: Path) -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), e.get("PYTHONPATH")) if p)
    e["RAY_TMPDIR"] = str(ray_tmp)
    e.pop("RAY_ADDRESS", None)
    return e


def problems(path: Path, count: int) -> Path:
    sys.path.insert(0, str(REPO))
    from tests.scripted import arithmetic_problems

    path.write_text("".join(json.dumps(r) + "\n" for r in arithmetic_problems(count)))
    return path


class PeakRSS:
    """Sums the RSS of `pid`'s process tree and of every process whose command line names
    `marker` (Ray's processes, under RAY_TMPDIR), every 0.2 s; keeps the peak."""

    def __init__(self, marker: str) -> None:
        self.marker, self.peak, self.pid = marker, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def start(self, pid: int) -> None:
        self.pid = pid
        self._thread.start()

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak

    def _loop(self) -> None:
        while not self._stop.wait(0.2):
            self.peak = max(self.peak, self._total())

    def _total(self) -> int:
        parents: dict[int, int] = {}
        rss: dict[int, int] = {}
        named: set[int] = set()
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                stat = (proc / "stat").read_text().rsplit(")", 1)[1].split()
                cmdline = (proc / "cmdline").read_bytes()
            except OSError:
                continue
            pid = int(proc.name)
            parents[pid] = int(stat[1])
            rss[pid] = int(stat[21]) * os.sysconf("SC_PAGE_SIZE")
            if self.marker.encode() in cmdline:
                named.add(pid)
        tree = {self.pid}
        grew = True
        while grew:
            more = {p for p, parent in parents.items() if parent in tree} - tree
            tree |= more
            grew = bool(more)
        return sum(rss.get(p, 0) for p in tree | named)


def timed(cmd: list[str], ray_tmp: Path, memory: bool = False) -> tuple[float, int]:
    sampler = PeakRSS(str(ray_tmp)) if memory else None
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, env=env(ray_tmp), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    if sampler is not None:
        sampler.start(proc.pid)
    _, err = proc.communicate()
    seconds = time.perf_counter() - t0
    peak = sampler.stop() if sampler is not None else 0
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    return seconds, peak


def union(out: Path) -> bytes:
    lines: list[bytes] = []
    for shard in sorted((out / "data").glob("*.jsonl")):
        lines += shard.read_bytes().splitlines(keepends=True)
    return b"".join(sorted(lines))


def ray_start_stop(ray_tmp: Path) -> float:
    code = ("import time, ray; t = time.perf_counter(); "
            "ray.init(address='local', include_dashboard=False, logging_level='ERROR'); "
            "ray.shutdown(); print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env(ray_tmp),
                         capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--traces", type=int, nargs="+", default=[8000])
    parser.add_argument("--ranks", type=int, default=4)
    parser.add_argument("--cpus-per-shard", type=float, default=None)
    args = parser.parse_args()
    ray_tmp = Path(tempfile.mkdtemp(prefix="sb", dir="/tmp"))
    work = Path(tempfile.mkdtemp(prefix="star-bench-ray-"))
    rows = []
    try:
        start_stop = ray_start_stop(ray_tmp)
        for traces in args.traces:
            src = problems(work / f"p{traces}.jsonl", traces // SAMPLES)
            base = [sys.executable, "-m", "star_cli", "generate", str(src), "--task", "gsm8k",
                    "--model", "m", "--engine", "tests.scripted:ScriptedEngine", "-n",
                    str(SAMPLES), "-q"]
            outs = {k: work / f"{k}-{traces}" for k in ("local", "ranks", "ray")}
            ranks = ["--num-shards", str(args.ranks)]
            local, _ = timed([*base, "-o", str(outs["local"])], ray_tmp)
            ranked, _ = timed([*base, "-o", str(outs["ranks"]), *ranks], ray_tmp)
            extra = ([] if args.cpus_per_shard is None
                     else ["--cpus-per-shard", str(args.cpus_per_shard)])
            on_ray, peak = timed([*base, "-o", str(outs["ray"]), *ranks, "--executor", "ray",
                                  *extra], ray_tmp, memory=True)
            reference = union(outs["local"])
            same = union(outs["ranks"]) == reference and union(outs["ray"]) == reference
            rows.append((traces, local, ranked, on_ray, peak, same))
            for out in outs.values():
                shutil.rmtree(out, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(ray_tmp, ignore_errors=True)
    print(f"star generate, scripted engine, -n {SAMPLES}, {args.ranks} ranks, "
          f"{os.cpu_count()} CPUs; an empty local Ray starts and stops in {start_stop:.1f} s")
    print(f"{'traces':>8} {'local s':>8} {'ranks s':>8} {'ray s':>8} {'overhead':>16} "
          f"{'ray peak RSS':>13} {'same':>5}")
    for traces, local, ranked, on_ray, peak, same in rows:
        over = f"+{on_ray - local:.1f} s ({on_ray / local:.1f}x)"
        print(f"{traces:>8} {local:>8.1f} {ranked:>8.1f} {on_ray:>8.1f} {over:>16} "
              f"{peak / 2**30:>10.2f} GB {str(same):>5}")
    if not all(r[-1] for r in rows):
        raise SystemExit("the unions differ")


if __name__ == "__main__":
    main()
