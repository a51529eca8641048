#!/usr/bin/env bash
# Runs Mapline's libFuzzer targets (fuzz/fuzz_<name>.cpp), each for SECONDS on its seed corpus
# (tests/fuzz-corpus/<name>/, never written to) plus a working corpus in build-fuzz/corpus/<name>/.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]      default: 30 s, every target
#   scripts/fuzz.sh 3600 article htmlcleaner   an hour each on two targets
#
# Configures build-fuzz/ with clang when needed (Debian: clang, libclang-rt-14-dev) and builds
# only the fuzz targets. A crash, a sanitizer report, a failed invariant, a timeout (10 s on one
# input) or a leak stops that target: its input is kept in build-fuzz/artifacts/<name>/ and the
# script exits 1 after running the others. Reproduce with: build-fuzz/fuzz/fuzz_<name> FILE
# Environment: FUZZ_JOBS (parallel targets, default 1), FUZZ_BUILD_DIR (default build-fuzz).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-30}
[ $# -gt 0 ] && shift
build=${FUZZ_BUILD_DIR:-build-fuzz}

if [ ! -f "$build/build.ninja" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=12 \
        -DMAPLINE_FUZZ=ON -DMAPLINE_TESTS=OFF >/dev/null
fi
cmake --build "$build" --target fuzzers

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in fuzz/fuzz_*.cpp; do
    n=$(basename "$f" .cpp)
    targets+=("${n#fuzz_}")
  done
fi

# Sanitizers stop at the first report; leaks are findings (Qt's static tables stay reachable).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export MAPLINE_RESOURCES=${MAPLINE_RESOURCES:-$PWD/resources}
export QT_QPA_PLATFORM=offscreen
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export TMPDIR=$scratch

status=0
printf '%-14s %12s %8s %10s %7s  %s\n' target executions seconds exec/s corpus result
for t in "${targets[@]}"; do
  exe="$build/fuzz/fuzz_$t"
  seeds="tests/fuzz-corpus/$t"
  work="$build/corpus/$t"
  artifacts="$build/artifacts/$t/"
  log="$build/logs/$t.log"
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  [ -x "$exe" ] || { echo "fuzz.sh: no target $exe" >&2; status=1; continue; }
  [ -d "$seeds" ] || { echo "fuzz.sh: no seed corpus $seeds" >&2; status=1; continue; }
  result=ok
  if ! "$exe" "$work" "$seeds" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$artifacts" -print_final_stats=1 >"$log" 2>&1; then
    result="FAILED (see $log; input in $artifacts)"
    status=1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  units=$(find "$work" -type f | wc -l)
  printf '%-14s %12s %8s %10s %7s  %s\n' "$t" "${runs:-?}" "${secs:-$seconds}" "${rate:-?}" "$units" "$result"
done
exit $status
