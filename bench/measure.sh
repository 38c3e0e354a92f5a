#!/usr/bin/env bash
# measure.sh [-w SECS] PID PORT [loadgen options...]
#
# Loads 127.0.0.1:PORT with bench/target/loadgen (options as loadgen's: -c, -d, -k, ...) and
# prints loadgen's figures and one more line:
#   server_cpu_us_per_exchange=N   the user + system CPU time of process PID (all its threads,
#                                  from /proc/PID/stat) over the measured run, per exchange
# A warm-up pass of -w SECS (default 2) comes first and is left out of both. Exit status:
# loadgen's (0: no exchange failed).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"

warmup=2
if [ "${1:-}" = -w ]; then
  warmup=$2
  shift 2
fi
[ $# -ge 2 ] || { echo "usage: measure.sh [-w SECS] PID PORT [loadgen options...]" >&2; exit 2; }
pid=$1 port=$2
shift 2
build_c

if [ "$warmup" != 0 ]; then
  "$tools_dir/loadgen" -p "$port" "$@" -d "$warmup" -w 0 >/dev/null || true
fi
before=$(cpu_ticks "$pid")
status=0
figures=$("$tools_dir/loadgen" -p "$port" "$@" -w 0) || status=$?
after=$(cpu_ticks "$pid")
echo "$figures"
awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
  /^conns=/ { for (i = 1; i <= NF; i++) if ($i ~ /^exchanges=/) { split($i, kv, "="); exchanges = kv[2] } }
  END {
    if (exchanges > 0) printf "server_cpu_us_per_exchange=%.1f\n", ticks / hz * 1e6 / exchanges
    else print "server_cpu_us_per_exchange=NaN"
  }' <<<"$figures"
exit "$status"
