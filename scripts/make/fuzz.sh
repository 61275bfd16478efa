#!/usr/bin/env bash
# make fuzz: every parser of untrusted text under libFuzzer with the address sanitizer, SECONDS
# each (default 600), two at a time; then the differential run against systemd-analyze and
# python-dateutil (scripts/make/oracle-check.py). Corpora grow in .build/fuzz/corpus; a crash, a hang
# (over 10 s) or a failed property leaves its input in .build/fuzz/findings and fails the run:
# copy it to scripts/swift/fuzz/regressions/TARGET/ and `make test` replays it from then on.
# Usage: scripts/make/fuzz.sh [SECONDS [TARGET...]]: with targets, only those, one after another, and
# no differential run.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-600}
shift || true
flags=(-c release --scratch-path .build/fuzz -Xswiftc -sanitize=fuzzer,address
  -Xlinker --undefined=LLVMFuzzerRunDriver -Xlinker --export-dynamic-symbol=LLVMFuzzerRunDriver)
swift build "${flags[@]}" --product rituals-fuzz
fuzzer=$(swift build "${flags[@]}" --show-bin-path)/rituals-fuzz
mkdir -p .build/fuzz/findings
failed=0
run() {
  local target=$1 extra=() round=$seconds asan=""
  mkdir -p ".build/fuzz/corpus/$target"
  local seeds=("scripts/swift/fuzz/seeds/$target")
  [ -d "scripts/swift/fuzz/regressions/$target" ] && seeds+=("scripts/swift/fuzz/regressions/$target")
  local start=$SECONDS runs=0
  while [ $((SECONDS - start)) -lt "$seconds" ]; do
    if ! RITUALS_FUZZ=$target ASAN_OPTIONS=$asan "$fuzzer" -max_total_time="$round" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix=".build/fuzz/findings/$target-" "${extra[@]}" \
      ".build/fuzz/corpus/$target" "${seeds[@]}" > ".build/fuzz/$target.log" 2>&1; then
      echo "fuzz $target: FAILED, see .build/fuzz/$target.log and .build/fuzz/findings/$target-*"
      return 1
    fi
    runs=$((runs + $(grep -m1 -o 'Done [0-9]*' ".build/fuzz/$target.log" | cut -d' ' -f2)))
  done
  echo "fuzz $target: clean, $runs runs in $((SECONDS - start)) s"
}
if [ $# -gt 0 ]; then
  for target in "$@"; do run "$target" || failed=1; done
  exit $failed
fi
for pair in "calendar rrule" "schedule timespan" "config control" "shared events"; do
  set -- $pair
  run "$1" & a=$!
  b=""
  if [ $# -gt 1 ]; then run "$2" & b=$!; fi
  wait $a || failed=1
  if [ -n "$b" ]; then wait $b || failed=1; fi
done
swift build -c release --product ritualctl
python3 scripts/make/oracle-check.py "$(swift build -c release --show-bin-path)/ritualctl" --cases "${CASES:-2000}" \
  || failed=1
exit $failed
