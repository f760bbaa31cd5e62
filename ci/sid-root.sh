#!/bin/bash
# sid-root.sh: a Debian unstable (sid) root holding the newest CPythons as
# Debian ships them (release and debug builds of 3.13, 3.14 and 3.15, with
# headers), so the suite builds and runs against them without touching the
# host's own packages. The root is made once with mmdebstrap, cached and
# reused; --refresh makes it anew.
#   ci/sid-root.sh [--dir DIR | --sid-root DIR] [--refresh] create   prints the root's path
#   ci/sid-root.sh [--dir DIR | --sid-root DIR] pythons              its interpreters, one a line
#   ci/sid-root.sh [--dir DIR | --sid-root DIR] exec [--bind HOST:INSIDE]... CMD [ARG...]
#   ci/sid-root.sh [--dir DIR | --sid-root DIR] path                 its path; makes nothing
# exec runs CMD inside the root with this checkout at /src/pymem-cts, /proc
# and /dev mounted, in a mount namespace of its own, so nothing stays
# mounted when CMD ends. --dir DIR is where the cached root is made, and
# remade when its package list changed; DIR defaults to
# $PYMEM_CTS_CACHE/sid-root ($PYMEM_CTS_CACHE: ~/.cache/pymem-cts).
# --sid-root DIR (or $PYMEM_CTS_SID_ROOT; the option wins, and --dir alone
# ignores the variable) is a root made elsewhere, used as it is: never made,
# refreshed or removed; create only prints it. It must hold sh, env, cmake,
# cc, pkg-config, cJSON's headers and a python3.X with its headers (else
# one line and exit 2). As root, mmdebstrap runs in its root mode;
# otherwise in --mode=unshare, which needs unprivileged user namespaces
# (and uidmap); exec then uses a user namespace too. Where neither works,
# run it as root. Never add sid to the host's own apt sources: that would
# upgrade the host's libc.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${PYMEM_CTS_CACHE:-$HOME/.cache/pymem-cts}/sid-root
given=${PYMEM_CTS_SID_ROOT:-} given_option="" dir_option=""
refresh=0
packages=build-essential,cmake,pkgconf,libcjson-dev,gdb,elfutils,clang,libclang-rt-dev
for v in 3.13 3.14 3.15; do packages+=",python$v-dev,python$v-dbg,python$v-doc"; done

die() { echo "sid-root: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
    case $1 in
    --dir) [ $# -ge 2 ] || die "--dir needs a value"; dir=$2 dir_option=1; shift 2 ;;
    --sid-root)
        [ $# -ge 2 ] && [ -n "$2" ] || die "--sid-root needs a value"
        given=$2 given_option=1; shift 2 ;;
    --refresh) refresh=1; shift ;;
    -*) die "unknown option '$1'" ;;
    *) break ;;
    esac
done
[ $# -gt 0 ] || die "usage: sid-root.sh [--dir DIR | --sid-root DIR] [--refresh] create|pythons|path|exec CMD..."
command=$1
shift
if [ -n "$dir_option" ] && [ -n "$given_option" ]; then
    die "--dir (where the cached root is made) and --sid-root (a root used as it is) exclude each other"
fi
[ -z "$dir_option" ] || given=""
if [ -n "$given" ]; then
    [ "$refresh" -eq 0 ] || die "--refresh remakes the cached root; a root given by --sid-root or PYMEM_CTS_SID_ROOT is used as it is"
    dir=$given
fi

stamp="packages $packages"

is_made() {
    [ -x "$dir/usr/bin/python3.15" ] && [ "$(cat "$dir/.pymem-cts-root" 2>/dev/null)" = "$stamp" ]
}

# The interpreters of root $1 that have their headers, as paths inside it.
list_pythons() {
    local p name
    for p in "$1"/usr/bin/python3.[0-9]*; do
        name=${p##*/}
        case $name in *-config | *-dbg) continue ;; esac
        [ -L "$p" ] && continue
        [ -x "$p" ] && [ -f "$1/usr/include/$name/Python.h" ] && echo "/usr/bin/$name"
    done
    return 0
}

# Why root $1 cannot be used, or nothing. A symlink counts as present: it
# may point into the root (/etc/alternatives/cc), not the host.
root_problem() {
    local f
    [ -d "$1" ] || { echo "no such directory"; return; }
    for f in bin/sh usr/bin/env usr/bin/cmake usr/bin/cc usr/bin/pkg-config usr/include/cjson/cJSON.h; do
        [ -e "$1/$f" ] || [ -L "$1/$f" ] || { echo "it has no /$f"; return; }
    done
    [ -n "$(list_pythons "$1")" ] || echo "it has no /usr/bin/python3.X with /usr/include/python3.X/Python.h"
}

# Dies unless the root at $dir can be used: the given one as it is, the
# cached one once made.
need_root() {
    if [ -n "$given" ]; then
        local why
        why=$(root_problem "$dir")
        [ -z "$why" ] || die "$dir is not a usable root: $why (ci/sid-root.sh create, without --sid-root, makes one in its cache)"
    else
        is_made || die "no root at $dir (run: ci/sid-root.sh create)"
    fi
}

need_mmdebstrap() {
    command -v mmdebstrap >/dev/null 2>&1 && return 0
    [ "$(id -u)" -eq 0 ] || die "mmdebstrap is not installed (apt-get install mmdebstrap uidmap)"
    echo "sid-root: installing mmdebstrap" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends mmdebstrap uidmap; } >/dev/null 2>&1 ||
        die "cannot install mmdebstrap from Debian's packages (is the mirror reachable?)"
}

create() {
    if [ -n "$given" ]; then
        need_root
        echo "sid-root: given: $dir" >&2
        echo "$dir"
        return 0
    fi
    if [ "$refresh" -eq 0 ] && is_made; then
        echo "sid-root: cached: $dir" >&2
        echo "$dir"
        return 0
    fi
    need_mmdebstrap
    local mode=root new=$dir.new log=$dir.log
    [ "$(id -u)" -eq 0 ] || mode=unshare
    mkdir -p "$(dirname "$dir")"
    rm -rf "$new"
    local start=$SECONDS
    # An interrupted make leaves no partial root (gigabytes) behind.
    partial=$new
    trap 'rm -rf "$partial"' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    echo "sid-root: making $dir (mmdebstrap --mode=$mode, about a minute)" >&2
    if ! mmdebstrap --mode="$mode" --variant=apt \
        --aptopt='Acquire::Check-Valid-Until "false"' --include="$packages" \
        sid "$new" >"$log" 2>&1; then
        rm -rf "$new"
        local why
        why=$(grep -E '^E:' "$log" | tail -n 1)
        [ -n "$why" ] || why=$(tail -n 1 "$log")
        die "mmdebstrap failed: $why (log: $log; is Debian's mirror reachable?)"
    fi
    mkdir -p "$new/src/pymem-cts" "$new/out"
    echo "$stamp" >"$new/.pymem-cts-root"
    rm -rf "$dir"
    mv "$new" "$dir"
    trap - EXIT INT TERM
    echo "sid-root: made in $((SECONDS - start)) s: $(du -sh "$dir" | cut -f1)" >&2
    echo "$dir"
}

pythons() {
    need_root
    list_pythons "$dir"
}

# Runs "$@" in the root. Bind mounts: the checkout, then each --bind.
enter() {
    need_root
    local binds=("$root:/src/pymem-cts")
    while [ $# -gt 0 ] && [ "$1" = --bind ]; do
        [ $# -ge 2 ] || die "--bind needs HOST:INSIDE"
        binds+=("$2")
        shift 2
    done
    [ $# -gt 0 ] || die "exec needs a command"
    local script='set -e; r=$1; shift; n=$1; shift
        mount --rbind /dev "$r/dev"; mount -t proc proc "$r/proc"
        while [ "$n" -gt 0 ]; do
            mkdir -p "$r${1#*:}"; mount --bind "${1%%:*}" "$r${1#*:}"; shift; n=$((n - 1))
        done
        exec chroot "$r" /usr/bin/env -C /src/pymem-cts "$@"'
    local ns=(unshare --mount --propagation private)
    [ "$(id -u)" -eq 0 ] || ns=(unshare --map-root-user --mount --pid --fork)
    exec "${ns[@]}" sh -c "$script" sh "$dir" "${#binds[@]}" "${binds[@]}" "$@"
}

case $command in
create) create ;;
pythons) pythons ;;
path) need_root && echo "$dir" ;;
exec) enter "$@" ;;
*) die "unknown command '$command' (create, pythons, path, exec)" ;;
esac
