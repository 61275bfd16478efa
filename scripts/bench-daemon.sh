#!/usr/bin/env bash
# Fire lateness of rituald: a ritual every 2 seconds for SECONDS (default 110, about 55 fires).
# Lateness is the journal entry's __REALTIME_TIMESTAMP minus its RITUAL_SCHEDULED_USEC when a
# journald listens (run inside scripts/test-desktop), else the history record's time minus the
# occurrence. Usage: scripts/bench-daemon.sh BIN_DIR [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:?usage: scripts/bench-daemon.sh BIN_DIR [SECONDS]}
seconds=${2:-110}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
id="tick-$$-$RANDOM"
cat > "$work/rituals.toml" <<TOML
[[ritual]]
id = "$id"
title = "Tick"
when = "*:*:0/2"
quiet_hours = "ignore"
TOML
timeout -s TERM "$seconds" env PATH=/nonexistent "$bin/rituald" --config "$work/rituals.toml" \
  --state-dir "$work/state" --socket "$work/control.sock" 2>/dev/null || true
journalctl -o json --no-pager "RITUAL_ID=$id" RITUAL_EVENT=fired > "$work/journal.json" 2>/dev/null || true
python3 - "$work/state/history.jsonl" "$work/journal.json" <<'PY'
import json, statistics, sys
entries = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
if entries:
    source = "journal __REALTIME_TIMESTAMP - RITUAL_SCHEDULED_USEC"
    late = [(int(e["__REALTIME_TIMESTAMP"]) - int(e["RITUAL_SCHEDULED_USEC"])) / 1000 for e in entries]
else:
    source = "history time - occurrence (no journal)"
    late = [(r["at"] - r["occurrence"]) / 1000 for r in map(json.loads, open(sys.argv[1])) if r["event"] == "fired"]
late.sort()
p99 = late[min(len(late) - 1, int(len(late) * 0.99))]
print(f"rituald fire lateness over {len(late)} fires ({source}): median {statistics.median(late):.2f} ms, "
      f"99th percentile {p99:.2f} ms")
PY
