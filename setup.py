# setup.py: the C side of the Python package (pyproject.toml): the
# extension-module host pymem_cts_host, built for the interpreter running
# pip from harness/cli/host.c, the libraries and the cases (globbed, as the
# CMake build does), linked with cJSON (pkg-config libcjson); the expectations are
# copied into the package, which passes their directory at run time.
import glob
import os
import platform
import re
import shutil
import subprocess
import sys
import sysconfig

from setuptools import Extension, setup
from setuptools.command.build_py import build_py

ROOT = os.path.dirname(os.path.abspath(__file__))


def fail(message):
    sys.exit("pymem-cts setup.py: " + message)


def rel(pattern):
    return sorted(os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(ROOT, pattern)))


with open(os.path.join(ROOT, "CMakeLists.txt")) as f:
    found = re.search(r"project\(pymem-cts VERSION ([0-9.]+)", f.read())
if not found:
    fail("no `project(pymem-cts VERSION x.y.z)` in CMakeLists.txt")
VERSION = found.group(1)


def pkg_config(*args):
    try:
        out = subprocess.run(["pkg-config"] + list(args) + ["libcjson"], check=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except (OSError, subprocess.CalledProcessError):
        fail("pkg-config does not know libcjson (apt-get install pkg-config libcjson-dev)")
    return out.stdout.decode().split()


# The libraries' sources as the CMake build has them (core/, runtime/ and
# harness/, but the embedding program's entry point), absent.c only where the
# memory API is incomplete (runtime/absent.h: PyPy), and the cases; every
# folder of theirs that holds a header is an include directory.
libraries_sources = [p for p in rel("core/*/*.c") + rel("runtime/*.c") + rel("runtime/*/*.c") +
                     rel("harness/*/*.c") if os.path.basename(p) != "main.c"]
if platform.python_implementation() == "CPython":
    libraries_sources = [p for p in libraries_sources if os.path.basename(p) != "absent.c"]
cases = rel("conformance/*/*.c")
headers = (rel("core/*/*.h") + rel("runtime/*.h") + rel("runtime/*/*.h") + rel("harness/*/*.h") +
           rel("conformance/support/*.h"))
include_dirs = sorted({os.path.dirname(h) for h in headers})


def embed(source, header, name):
    """The bytes of source as a C array in header, as cmake/embed.cmake does."""
    with open(os.path.join(ROOT, source), "rb") as f:
        data = f.read()
    os.makedirs(os.path.dirname(os.path.join(ROOT, header)), exist_ok=True)
    with open(os.path.join(ROOT, header), "w") as f:
        f.write("static const char %s[] = {%s0};\n" % (name, "".join("0x%02x," % b for b in data)))


# The explorer writes programs that carry world.h's text (runtime/CMakeLists.txt).
embed("runtime/explore/world.h", "build/generated/world_text.h", "explore_world_text")
include_dirs.append("build/generated")
include_dirs += [f[2:] for f in pkg_config("--cflags-only-I")]
libraries = [f[2:] for f in pkg_config("--libs-only-l")] + ["dl", "pthread"]
library_dirs = [f[2:] for f in pkg_config("--libs-only-L")]


def c_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


host = Extension(
    "pymem_cts_host",
    sources=libraries_sources + cases,
    # A header's change rebuilds too (build_ext compares the sources only).
    depends=headers,
    include_dirs=include_dirs,
    libraries=libraries,
    library_dirs=library_dirs,
    define_macros=[
        ("_GNU_SOURCE", "1"),
        ("CTS_HOST", "1"),
        ("CTS_SUITE_VERSION", c_string(VERSION)),
        ("CTS_BUILD_PYTHON", c_string(sys.executable)),
        ("CTS_HEADER_VERSION", c_string(platform.python_version())),
        ("CTS_COMPILER", c_string("setuptools, " + (sysconfig.get_config_var("CC") or "cc"))),
    ],
    extra_compile_args=["-std=gnu11", "-Wall", "-Wextra"],
)


class build_py_with_expectations(build_py):
    """Copies conformance/expectations/*.json into pymem_cts/expectations."""

    def run(self):
        super().run()
        target = os.path.join(self.build_lib, "pymem_cts", "expectations")
        os.makedirs(target, exist_ok=True)
        for path in rel("conformance/expectations/*.json"):
            shutil.copy(os.path.join(ROOT, path), target)


os.makedirs(os.path.join(ROOT, "build-pip"), exist_ok=True)
setup(
    version=VERSION,
    packages=["pymem_cts"],
    ext_modules=[host],
    cmdclass={"build_py": build_py_with_expectations},
    # Not build/: that is the CMake build directory (ci/build.sh).
    options={"build": {"build_base": "build-pip"}, "egg_info": {"egg_base": "build-pip"}},
)
