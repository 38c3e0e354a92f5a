#!/usr/bin/env bash
# check.sh: a quick guard that the bench kit has not rotted, no benchmark: every script parses,
# the C tools compile without a warning, and the Netty reference builds. .ci/run calls it.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
for script in "$bench_dir"/*.sh; do
  bash -n "$script"
done
scratch=$(mktemp -d "${TMPDIR:-/tmp}/bench-check.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
CFLAGS="-O2 -Wall -Wextra -Werror" build_c "$scratch"
build_netty
echo "bench/check.sh: scripts parse, C tools and netty-ref build"
