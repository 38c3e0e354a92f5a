#!/usr/bin/env bash
# build.sh [netty]: builds the bench tools, each only when its sources have changed: the C tools
# (loadgen, floor, idlepeers) into bench/target/ with ${CC:-cc} ${CFLAGS:--O2 -Wall -Wextra}, and
# with "netty" the Netty reference, bench/netty-ref/target/netty-ref.jar, with ./mvnw. The other
# scripts call it themselves; run it to build ahead.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
build_c
if [ "${1:-}" = netty ]; then
  build_netty
fi
