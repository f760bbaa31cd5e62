#!/bin/sh
# quiet_scripts.sh: ci/quickstart.sh is quiet as a newcomer meets it: apt's
# and dpkg's output goes to a log that is named only when they fail, the
# build shows cmake --build's percentage on one line, and the run's own
# output (its summary) ends it. apt-get, dpkg-query, id and cmake are fakes
# on PATH, the scripts a copy of ci/, so nothing is installed or built.
#   tests/quiet_scripts.sh SOURCE_DIR
set -u
src=$1
dir=$(mktemp -d "${TMPDIR:-/tmp}/quiet.XXXXXX")
trap 'rm -rf "$dir"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }
mkdir -p "$dir/bin" "$dir/root/ci" "$dir/tmp"
cp "$src/ci/quickstart.sh" "$src/ci/install-deps.sh" "$src/ci/build.sh" "$dir/root/ci/"
fake() { printf '#!/bin/sh\n%s\n' "$2" >"$dir/bin/$1"; chmod +x "$dir/bin/$1"; }
fake id 'echo 0'
fake dpkg-query '[ "${FAKE_INSTALLED:-0}" -eq 1 ] && echo "install ok installed"'
# apt-get: 300 lines of progress, as dpkg prints; FAKE_APT_FAIL=1 fails.
fake apt-get 'i=0; while [ $i -lt 300 ]; do echo "Unpacking package $i ..."; i=$((i + 1)); done
[ "${FAKE_APT_FAIL:-0}" -eq 0 ] || { echo "E: Unable to locate package nope"; exit 100; }'
# cmake: configure succeeds; --build prints its percentages and makes a
# pymem-cts that prints a summary.
fake cmake 'if [ "$1" != --build ]; then echo "-- configuring"; exit 0; fi
for p in "  5" " 50" "100"; do echo "[$p%] Building C object core/x.c.o"; done
mkdir -p "$2"; printf "#!/bin/sh\necho \"pymem-cts: cpython 3.11.7, 1 allocator mode\"\necho next:\n" >"$2/pymem-cts"
chmod +x "$2/pymem-cts"'
export PATH="$dir/bin:$PATH" TMPDIR="$dir/tmp"

# The install: one line, no log left behind.
out=$(sh "$dir/root/ci/install-deps.sh" 2>&1)
rc=$?
[ "$rc" -eq 0 ] || fail "install-deps exited $rc: $out"
[ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] || fail "install-deps printed more than a line: $out"
case $out in "install-deps: installing "*" Debian packages: cmake "*" done") ;;
*) fail "install-deps' line is: $out" ;; esac
[ -z "$(ls "$dir/tmp")" ] || fail "install-deps left its log after a success: $(ls "$dir/tmp")"
# Nothing missing: one line says so.
out=$(FAKE_INSTALLED=1 sh "$dir/root/ci/install-deps.sh" 2>&1)
case $out in "install-deps: the "*" Debian packages needed are installed") ;;
*) fail "install-deps with everything installed printed: $out" ;; esac
# A failure: apt's last lines and the log's path, which holds all of it.
out=$(FAKE_APT_FAIL=1 sh "$dir/root/ci/install-deps.sh" 2>&1)
rc=$?
[ "$rc" -ne 0 ] || fail "install-deps exited 0 when apt-get failed"
log=$(printf '%s\n' "$out" | sed -n 's/^install-deps: apt-get failed installing.* (log: \(.*\))$/\1/p')
if [ -z "$log" ] || [ ! -f "$log" ]; then
    fail "a failed install does not name its log: $out"
elif [ "$(grep -c '^Unpacking' "$log")" -ne 300 ] || ! grep -q "^E: Unable" "$log"; then
    fail "the log $log does not hold apt's output"
fi
printf '%s\n' "$out" | grep -q '^E: Unable to locate package nope$' || fail "apt's error is not shown: $out"
[ "$(printf '%s\n' "$out" | wc -l)" -le 7 ] || fail "a failed install printed more than apt's last lines: $out"

# The whole quickstart: a line each for the install and the build, the
# percentage on one line, then the run.
PYMEM_CTS_PROGRESS=1 sh "$dir/root/ci/quickstart.sh" >"$dir/out" 2>&1 || fail "quickstart exited $?"
grep -q '^install-deps: installing .* done$' "$dir/out" || fail "no install line"
grep -q "^quickstart: building the suite for .* in build/" "$dir/out" || fail "no build line"
grep -q "$(printf '\r')" "$dir/out" && tr '\r' '\n' <"$dir/out" | grep -q '^.\[Kbuild: \[ 50%\]' ||
    fail "no percentage on one line while building"
[ "$(tail -n 1 "$dir/out")" = next: ] || fail "quickstart does not end with the run's summary"
lines=$(tr '\r' '\n' <"$dir/out" | grep -vc '^\(build: \[\|.\[K\)')
[ "$lines" -le 6 ] || fail "quickstart printed $lines lines besides the progress"
[ -f "$dir/root/build.build.log" ] && grep -q '^\[100%\]' "$dir/root/build.build.log" ||
    fail "the build's output is not in build.build.log"
# Not on a terminal and not asked for: no percentage.
PYMEM_CTS_PROGRESS=0 sh "$dir/root/ci/build.sh" "$dir/root/b2" >"$dir/out2" 2>&1 || fail "build.sh exited $?"
[ ! -s "$dir/out2" ] || fail "build.sh printed while building with PYMEM_CTS_PROGRESS=0: $(cat "$dir/out2")"
[ "$status" -eq 0 ] || { echo "--- quickstart's output:"; cat -A "$dir/out" | head -20; exit 1; }
echo "ok: quickstart's output, the progress apart:"
tr '\r' '\n' <"$dir/out" | grep -v '^\(build: \[\|.\[K\)'
