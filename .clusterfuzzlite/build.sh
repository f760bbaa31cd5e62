#!/bin/bash -eu
# ClusterFuzzLite entry point: everything is in ci/oss-fuzz-build.sh.
"$SRC/pymem-cts/ci/oss-fuzz-build.sh"
