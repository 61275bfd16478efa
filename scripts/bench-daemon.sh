#!/usr/bin/env bash
# Fire lateness of rituald: a ritual every 2 seconds for SECONDS (default 110, about 55 fires);
# lateness is the history record's time minus the occurrence's scheduled time. Release build.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-110}
swift build -c release --product rituald >/dev/null
bin=$(swift build -c release --show-bin-path)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/rituals.toml" <<'TOML'
[[ritual]]
id = "tick"
title = "Tick"
when = "*:*:0/2"
quiet_hours = "ignore"
TOML
timeout -s TERM "$seconds" env PATH=/nonexistent "$bin/rituald" --config "$work/rituals.toml" --state-dir "$work/state" --socket "$work/control.sock" 2>/dev/null || true
python3 - "$work/state/history.jsonl" <<'PY'
import json, statistics, sys
late = [(r["at"] - r["occurrence"]) / 1000 for r in map(json.loads, open(sys.argv[1])) if r["event"] == "fired"]
late.sort()
p99 = late[min(len(late) - 1, int(len(late) * 0.99))]
print(f"rituald fire lateness over {len(late)} fires: median {statistics.median(late):.2f} ms, 99th percentile {p99:.2f} ms")
PY
