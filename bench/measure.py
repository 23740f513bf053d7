"""Run a command and measure what a contributor waits for: wall time, CPU time and peak memory.

Commands run under a tiny launcher (this file, run as a script) that forks them and
reports their resource use. Measuring from the benchmark process itself would be wrong
for memory: Linux counts a child's peak from the process it was forked from, and the
benchmark holds a whole library in memory. The launcher holds almost nothing.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Measured:
    seconds: float
    cpu_seconds: float  # user + system, of the command and its children: less sensitive to a busy machine
    peak_mb: float  # the largest resident set of the command or any child it waited for (such as pandoc)
    returncode: int
    log: Path

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def tail(self, lines: int = 15) -> str:
        return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def run_measured(command: list[str], cwd: Path, log: Path, env: dict[str, str] | None = None) -> Measured:
    """Run `command` to completion in `cwd`; its output goes to `log`."""
    log.parent.mkdir(parents=True, exist_ok=True)
    report = log.with_name(log.name + ".usage.json")
    # -I -S: no site packages, so the launcher stays a few megabytes.
    launcher = [sys.executable, "-I", "-S", str(Path(__file__).resolve()), str(report), *command]
    with log.open("w", encoding="utf-8") as out:
        subprocess.run(launcher, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, check=True)
    usage = json.loads(report.read_text(encoding="utf-8"))
    return Measured(log=log, **usage)


def typical(runs: list[Measured]) -> Measured:
    """Several runs of one command as one: the median wall and CPU times, the largest peak memory, and
    the first failure if any run failed. On a shared machine one run can be a second off either way."""
    failed = next((run for run in runs if not run.ok), None)
    if failed is not None:
        return failed
    return Measured(seconds=statistics.median(run.seconds for run in runs),
                    cpu_seconds=statistics.median(run.cpu_seconds for run in runs),
                    peak_mb=max(run.peak_mb for run in runs), returncode=0, log=runs[-1].log)


def _launch(report: str, command: list[str]) -> None:
    """Fork and exec `command`, wait for it, and write its wall time and rusage to `report`."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    with open(report, "w", encoding="utf-8") as out:
        json.dump({"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime,
                   "peak_mb": usage.ru_maxrss / 1024, "returncode": os.waitstatus_to_exitcode(status)}, out)


if __name__ == "__main__":
    _launch(sys.argv[1], sys.argv[2:])
