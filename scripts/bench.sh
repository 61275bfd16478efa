#!/usr/bin/env bash
# Speed figures for the README: the schedule core, python-dateutil side by side, and
# `ritualctl calendar` as a whole process. Release build; medians of 5 runs.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release >/dev/null
bin=$(swift build -c release --show-bin-path)

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
out=$("$bin/rituals-bench")
echo "$out"
ours=$(echo "$out" | sed -n 's/^rrule.*: \([0-9]*\) occurrences.*/\1/p')

dateutil=$(python3 - <<'PY'
import statistics, time
from dateutil.rrule import rrulestr
rule = rrulestr("DTSTART;TZID=Europe/Berlin:20260102T190000\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=FR")
rates = []
for _ in range(5):
    start = time.perf_counter()
    n = sum(1 for _ in zip(range(200_000), rule))
    rates.append(n / (time.perf_counter() - start))
print(int(statistics.median(rates)))
PY
)
echo "python-dateutil same rule: $dateutil occurrences per second (median of 5)"
echo "ratio: $(python3 -c "print(f'{$ours / $dateutil:.1f}')")x python-dateutil"

python3 - "$bin/ritualctl" <<'PY'
import statistics, subprocess, sys, time
times = []
for _ in range(5):
    start = time.perf_counter()
    out = subprocess.run([sys.argv[1], "calendar", "--iterations=100000", "--json", "daily"],
                         check=True, capture_output=True).stdout
    times.append(time.perf_counter() - start)
    # Calendar expressions end with 2199, so fewer than 100000 days remain from now on.
    assert out.count(b"T00:00:00") > 60000
print(f"ritualctl calendar --iterations=100000 --json daily: {statistics.median(times):.3f} s (median of 5)")
PY

# Large histories: memory follows what is kept, not the file.
python3 scripts/bench-history.py "$bin"
