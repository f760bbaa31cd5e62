"""pymem_cts/__main__.py: `python -m pymem_cts [ARGS]`, the pymem-cts command
line run by the extension-module host (pymem_cts_host) inside this
interpreter.

The driver re-executes its argv[0] for each allocator mode's worker, so that
must be a program: a launcher script, written for the run into a private
temporary directory, that starts this same interpreter with -S (no site, as
the CMake build's launcher) and imports the host from where it is installed.
"""
import os
import shlex
import shutil
import sys
import tempfile

import pymem_cts_host


def expectations_dir():
    """The expectations the package carries (setup.py copies them in); run
    from the checkout (`python -m pymem_cts` there finds this source package
    first, beside the installed one), the checkout's, which it copies."""
    here = os.path.dirname(os.path.abspath(__file__))
    carried = os.path.join(here, "expectations")
    checkout = os.path.join(os.path.dirname(here), "conformance", "expectations")
    if not os.path.isdir(carried) and os.path.isdir(checkout):
        return checkout
    return carried


EXPECTATIONS = expectations_dir()

LAUNCHER = """#!/bin/sh
# pymem-cts worker launcher for {python} (written by pymem_cts/__main__.py)
exec {python} -S -c '
import sys
sys.path.insert(0, sys.argv[1])
import pymem_cts_host
sys.exit(pymem_cts_host.main(sys.argv[3:], sys.argv[2]))
' {host_dir} {expectations} "$0" "$@"
"""


def main(argv=None):
    """Runs the command line argv (default: sys.argv[1:]); returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    host_dir = os.path.dirname(os.path.abspath(pymem_cts_host.__file__))
    tmp = tempfile.mkdtemp(prefix="pymem-cts-")
    try:
        launcher = os.path.join(tmp, "pymem-cts")
        with open(launcher, "w") as f:
            f.write(LAUNCHER.format(python=shlex.quote(sys.executable),
                                    host_dir=shlex.quote(host_dir),
                                    expectations=shlex.quote(EXPECTATIONS)))
        os.chmod(launcher, 0o700)
        return pymem_cts_host.main([launcher] + args, EXPECTATIONS)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
