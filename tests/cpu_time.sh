# shellcheck shell=sh # sourced by sh scripts
# cpu_time.sh, sourced by the tests that claim a speed: they bound the CPU
# time (user + system) a command used, which a loaded machine does not
# inflate, never its wall-clock time, which it does (on 2 cores beside six
# busy loops at nice 19, tenfold and more). Speed on a quiet machine belongs
# in docs/benchmarks.md.
#
#   cpu_mark FILE          in the test's own shell (not inside $(...), where
#                          `times` sees none of it): what its waited-for
#                          children used so far
#   cpu_used FILE1 FILE2   the seconds used between two marks

cpu_mark() { times >"$1"; }

cpu_used() {
    awk 'FNR == 2 { gsub(/s/, ""); split($1, u, "m"); split($2, k, "m")
                    t[FILENAME] = u[1] * 60 + u[2] + k[1] * 60 + k[2] }
         END { printf "%.2f", t[ARGV[2]] - t[ARGV[1]] }' "$1" "$2"
}
