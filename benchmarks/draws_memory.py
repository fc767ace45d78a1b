"""Peak memory and time of `simulate` as the number of draws grows (memory must stay flat).

Run from the repository root:

    python benchmarks/draws_memory.py          # this tree: 1e6 and 1e8 draws (NumPy), 1e6 (Python)
    python benchmarks/draws_memory.py --quick  # a smoke run (1e5 draws)
    python benchmarks/draws_memory.py --draws 1000000 --draws 10000000 \\
        --before /path/to/an/older/src         # the same runs against another source tree too

Each measure runs in its own subprocess (so one run's memory does not hide another's): the
shipped 2019 DRSM grid, DRSM Centre-Ouest's results, the default distributions, seed 1, two
thresholds. It prints the process's peak resident memory (`ru_maxrss`) before and after the
run, their difference, the peak of Python allocations traced by `tracemalloc` (NumPy arrays
included), and the wall-clock seconds of the run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: The measure, run in a fresh interpreter (its source tree first on `sys.path`).
CHILD = """
import json, resource, sys, time, tracemalloc
from decimal import Decimal
sys.path.insert(0, sys.argv[1])
from cpg_score import load_grid, load_results
from cpg_score.simulate import simulate
grid = load_grid(sys.argv[2])
results = load_results(sys.argv[3], grid)
draws, backend, traced = int(sys.argv[4]), sys.argv[5], sys.argv[6] == "1"
simulate(grid, results, draws=1000, seed=1, backend=backend)  # imports and caches, not measured
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if traced:
    tracemalloc.start()
start = time.perf_counter()
run = simulate(grid, results, draws=draws, seed=1, backend=backend, thresholds=[Decimal(750), Decimal(800)])
seconds = time.perf_counter() - start
peak = tracemalloc.get_traced_memory()[1] if traced else -1
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"before_kb": before, "after_kb": after, "traced": peak, "seconds": seconds,
                  "mean": f"{float(run.total.mean):.4f}", "p50": f"{float(run.total.percentile(50)):.4f}"}))
"""


def measure(source: Path, draws: int, backend: str, traced: bool) -> dict[str, object]:
    """Run one measure in a subprocess; its figures (or the error it ended with)."""
    command = [
        sys.executable,
        "-c",
        CHILD,
        str(source),
        str(ROOT / "objectives" / "cpg-2019-drsm.yaml"),
        str(ROOT / "objectives" / "results" / "2019" / "drsm-centre-ouest.yaml"),
        str(draws),
        backend,
        "1" if traced else "0",
    ]
    environment = {**os.environ, "PYTHONPATH": str(source)}
    done = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    figures: dict[str, object] = json.loads(done.stdout)
    return figures


def _row(label: str, draws: int, backend: str, figures: dict[str, object]) -> str:
    if "error" in figures:
        return f"{label:<8} {backend:<7} {draws:>12,}  {figures['error']}"
    before, after = int(figures["before_kb"]), int(figures["after_kb"])  # type: ignore[call-overload]
    traced = int(figures["traced"])  # type: ignore[call-overload]
    traced_text = f"{traced / 2**20:10.1f}" if traced >= 0 else f"{'-':>10}"
    return (
        f"{label:<8} {backend:<7} {draws:>12,}  {after / 1024:9.1f}  {(after - before) / 1024:9.1f}"
        f"  {traced_text}  {float(figures['seconds']):8.2f}  {figures['p50']}"  # type: ignore[arg-type]
    )


def main() -> None:
    """Measure, and print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run (100,000 draws)")
    parser.add_argument("--draws", type=int, action="append", help="NumPy draws (repeatable)")
    parser.add_argument("--python-draws", type=int, action="append", help="pure-Python draws (repeatable)")
    parser.add_argument("--before", type=Path, help="another source tree to measure side by side")
    parser.add_argument("--traced", action="store_true", help="also trace allocations (slower)")
    args = parser.parse_args()
    numpy_draws = args.draws or ([100_000] if args.quick else [1_000_000, 100_000_000])
    python_draws = args.python_draws or ([100_000] if args.quick else [1_000_000])
    trees = [("after", ROOT / "src")] + ([("before", args.before)] if args.before else [])
    print(
        f"{'tree':<8} {'backend':<7} {'draws':>12}  {'peak MiB':>9}  {'run MiB':>9}  {'traced MiB':>10}"
        f"  {'seconds':>8}  median total"
    )
    for backend, sizes in (("numpy", numpy_draws), ("python", python_draws)):
        for draws in sizes:
            for label, source in trees:
                figures = measure(source, draws, backend, args.traced)
                print(_row(label, draws, backend, figures), flush=True)


if __name__ == "__main__":
    main()
