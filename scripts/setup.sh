#!/usr/bin/env bash
# Mapline set-up for a fresh Debian 12 machine: installs the Debian packages that are missing
# (by name, with apt; sudo only when not root), configures and builds through a CMake preset,
# then does what was asked:
#
#   scripts/setup.sh run     build, then open the viewer on the bundled sample database
#   scripts/setup.sh test    build, then run every test (CTest, headless)
#   scripts/setup.sh build   build only
#
# The preset is "default" (build/, Release with debug information), or "ci" (build-ci/: under
# AddressSanitizer and UBSan, warnings are errors, the crash tests shortened) when CI=true;
# --preset NAME chooses another one from CMakePresets.json.
set -euo pipefail

cd "$(dirname "$0")/.."

action=build
preset=default
[ "${CI:-}" = "true" ] && preset=ci
while [ $# -gt 0 ]; do
  case "$1" in
    run|test|build) action=$1 ;;
    --preset) preset=$2; shift ;;
    --preset=*) preset=${1#--preset=} ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done

# What the build, the tests and the viewer need. Qt 6 base (Widgets, Gui, Sql, Concurrent, Test,
# PrintSupport), its SQLite driver and platform plugins, Positioning, Svg; GDAL with its tools;
# SQLite's own headers (the index loader reads through its C API) and its sqlite3 shell (tst_walsafety
# runs it beside an open store, as an analyst would);
# Google Benchmark for the benchmarks; Xvfb, xauth and ImageMagick to run the viewer headless and
# take screenshots; a font so rendering is the same everywhere; clang and its runtime libraries
# for the libFuzzer targets (scripts/fuzz.sh, docs/RELIABILITY.md); lld, the CI presets' linker;
# giflib for animated GIFs and ffmpeg for MP4 animations (mapline animate; without ffmpeg only MP4
# is unavailable); strace for the tests that prove nothing connects out (tst_badinput,
# tst_layernetwork); libpq for a team's PostgreSQL store, and a PostgreSQL 15 server with PostGIS
# that the tests start for themselves in a temporary folder (tests/support/pgserver.*; no system
# server is used or started); OpenSSL's libcrypto (libssl-dev) for the articles' SHA-256;
# libdeflate (libdeflate-dev) for the snapshots' PNG image data.
packages=(
  cmake ninja-build g++ pkg-config
  qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite qt6-qpa-plugins qt6-positioning-dev qt6-svg-dev
  libgdal-dev gdal-bin libsqlite3-dev sqlite3
  libbenchmark-dev
  xvfb xauth imagemagick fonts-dejavu-core
  clang libclang-rt-14-dev lld
  libgif-dev ffmpeg
  strace
  libssl-dev libpq-dev postgresql-15 postgresql-15-postgis-3
  libdeflate-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup.sh: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

# The sanitizer builds (presets "ci" and "asan") run the importer during the build (the sample
# database) and in every test: their runtime's settings, with tests/lsan.supp for the process-
# lifetime caches of Qt, fontconfig and GDAL. Ignored by the other builds.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

cmake --preset "$preset"
cmake --build --preset "$preset"

binary_dir=$(sed -n "/\"name\": \"$preset\"/,/binaryDir/s/.*\"binaryDir\": \"\${sourceDir}\/\([^\"]*\)\".*/\1/p" CMakePresets.json | head -n 1)
binary_dir=${binary_dir:-build}

case "$action" in
  run)
    exec "$binary_dir/bin/mapline" --db "$binary_dir/sample.sqlite"
    ;;
  test)
    export QT_QPA_PLATFORM=offscreen
    ctest --preset "$preset"
    ;;
esac
