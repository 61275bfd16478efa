#!/usr/bin/env bash
# make tsan: the control-socket and daemon tests, and the control storm, built with
# ThreadSanitizer (.build-tsan) and run inside the test desktop. rituald and ritualctl started by
# the tests are the instrumented ones; every report any of them makes is written to
# .build-tsan/reports and fails the run, as does a failing test.
# Usage: scripts/make/tsan.sh [FILTER] (default: the control, socket and daemon suites).
set -euo pipefail
cd "$(dirname "$0")/../.."
filter=${1:-"ControlStormTests|ControlSessionTests|SocketAbuseTests|ControlTests|ControlContractTests|RitualsDaemonTests|DaemonTests"}
flags=(--sanitize=thread --scratch-path .build-tsan)
swift build --build-tests "${flags[@]}"
bin=$(swift build "${flags[@]}" --show-bin-path)
nm "$bin/rituald" | grep __tsan_init >/dev/null || { echo "tsan: rituald is not instrumented" >&2; exit 1; }
reports=.build-tsan/reports
rm -rf "$reports"
mkdir -p "$reports"
status=0
TSAN_OPTIONS="log_path=$PWD/$reports/tsan ${TSAN_OPTIONS:-}" \
  scripts/make/test-desktop swift test --skip-build "${flags[@]}" --filter "$filter" || status=$?
if compgen -G "$reports/tsan*" >/dev/null; then
  echo "tsan: ThreadSanitizer reports in $reports:" >&2
  head -n 40 "$reports"/tsan* >&2
  exit 1
fi
[ "$status" -eq 0 ] && echo "tsan: no reports; tests passed ($filter)"
exit "$status"
