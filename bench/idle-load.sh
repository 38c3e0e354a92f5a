#!/usr/bin/env bash
# idle-load.sh [-n IDLE] [-c CONNS] [-d SECS] -- SERVER COMMAND with %PORT%
#
# Whether idle connections slow the others down: starts the server on a free port (put where
# %PORT% stands), measures the same closed-loop load (loadgen -c CONNS -d SECS) first alone, then
# while bench/target/idlepeers holds IDLE silent connections, and prints both rates, their ratio,
# and the server's RSS and thread count before and with the idle peers. Defaults: -n 10000 -c 50
# -d 8. Give the server a read timeout longer than the run (sixteen:
# --sixteen.server.read-timeout=5m) so that the idle peers stay; the last line says how many the
# server closed. Logs go to a new directory under ${TMPDIR:-/tmp}.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"

usage() {
  echo "usage: idle-load.sh [-n IDLE] [-c CONNS] [-d SECS] -- SERVER COMMAND with %PORT%" >&2
  exit 2
}
idle=10000 conns=50 seconds=8
while getopts "n:c:d:" option; do
  case $option in
    n) idle=$OPTARG ;;
    c) conns=$OPTARG ;;
    d) seconds=$OPTARG ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ "${1:-}" = -- ] && shift
[ $# -gt 0 ] || usage
[[ " $* " == *%PORT%* ]] || { echo "idle-load.sh: put %PORT% where the server's TCP port goes" >&2; exit 2; }

build_c
out=$(mktemp -d "${TMPDIR:-/tmp}/sixteen-idle-load.XXXXXX")
port=$(free_port)
server_pid='' idle_pid=''
trap '[ -z "$idle_pid" ] || stop "$idle_pid"; [ -z "$server_pid" ] || stop "$server_pid"' EXIT
start_server "$out/server.log" "${@//%PORT%/$port}"
wait_listening "$port" "$server_pid" "$out/server.log"
echo "idle-load.sh: $idle idle peers, loadgen -c $conns -d $seconds, port $port; logs in $out"

load() { # the figures of one measured pass, on one line
  "$tools_dir/loadgen" -p "$port" -c "$conns" -d "$seconds" -w 0 >"$out/$1.out" || true
  awk '/^conns=|^rate=/ { for (i = 1; i <= NF; i++) if ($i ~ /^(exchanges|errors|rate)=/) printf "%s ", $i }
       /^latency_us/ { printf "%s ", $4 }' "$out/$1.out"
}
rate() { sed -n 's/^rate=\([0-9]*\).*/\1/p' "$out/$1.out"; }

"$tools_dir/loadgen" -p "$port" -c "$conns" -d 3 -w 0 >/dev/null || true  # warm-up
printf '%-22s %s\n' "without idle peers:" "$(load alone)" "server:" "RSS $(rss_mb "$server_pid") MB, $(threads "$server_pid") threads"

hold_idle_peers "$port" "$idle" "$out/idle.out"
sleep 1
printf '%-22s %s\n' "with $idle idle peers:" "$(load with-idle)" "server:" "RSS $(rss_mb "$server_pid") MB, $(threads "$server_pid") threads"
awk -v a="$(rate alone)" -v b="$(rate with-idle)" \
  'BEGIN { if (a > 0) printf "rate with / without idle peers: %.2f\n", b / a }'
stop "$idle_pid"
idle_pid=
grep '^idle closed_by_server' "$out/idle.out" || true
