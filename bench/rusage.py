"""Run a command; print, as JSON, the CPU time and peak memory of it and the processes it
waited for. Exits as the command exits.

Usage: python bench/rusage.py COMMAND [ARG...]

run.py times every build through this small process. Linux counts into a process's peak
memory that of the process it was forked from (the forked copy is that process's memory
until the command starts: `setmax_mm_hiwater_rss` at exec), and run.py holds a whole
catalog and its pages: every build it started itself read as at least run.py's own size
(2.7 GB at 5,000 records), plain MkDocs' and Minka's alike.
"""

import json
import os
import subprocess
import sys

child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(json.dumps({"max_rss_kb": usage.ru_maxrss, "user": usage.ru_utime, "system": usage.ru_stime}))
sys.exit(os.waitstatus_to_exitcode(status))
