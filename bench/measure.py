"""Run a command and print its wall time, peak memory and CPU time as JSON: `measure.py CMD...`.

run.py starts every timed command through this small process. A process's peak resident
memory (ru_maxrss) counts the process it was forked from as it was at the fork: started
straight from run.py, which holds a rendered deck, every command would report run.py's size.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time


def main(command: list[str]) -> None:
    """Run `command` with stdout discarded; report on stdout, pass its stderr and status on."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    report = {
        "seconds": seconds,
        "max_rss_mib": usage.ru_maxrss / 1024,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
    }
    print(json.dumps(report))
    sys.exit(code)


if __name__ == "__main__":
    main(sys.argv[1:])
