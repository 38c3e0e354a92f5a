#!/usr/bin/env bash
# idle-memory.sh [-n IDLE] -- SERVER COMMAND with %PORT%
#
# What one idle connection costs the server: starts it on a free port (put where %PORT% stands),
# reads its RSS, live heap (after a full GC, jcmd GC.class_histogram) and thread count, then has
# bench/target/idlepeers hold IDLE silent connections (default 5000) and reads them again, and
# prints the difference per connection. The server must be a JVM whose PID jcmd can attach to
# (the same user) and must keep the idle peers for the run: give sixteen a read timeout longer
# than it (--sixteen.server.read-timeout=5m). Logs go to a new directory under ${TMPDIR:-/tmp}.
#
#   bench/idle-memory.sh -n 5000 -- java -XX:MaxRAM=512m -jar target/sixteen-exec.jar \
#       --sixteen.server.port=%PORT% --server.port=0 --sixteen.server.read-timeout=5m
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"

usage() {
  echo "usage: idle-memory.sh [-n IDLE] -- SERVER COMMAND with %PORT%" >&2
  exit 2
}
idle=5000
while getopts "n:" option; do
  case $option in
    n) idle=$OPTARG ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ "${1:-}" = -- ] && shift
[ $# -gt 0 ] || usage
[[ " $* " == *%PORT%* ]] || { echo "idle-memory.sh: put %PORT% where the server's TCP port goes" >&2; exit 2; }

# jcmd of the server's own JDK: the java it was started with, else the one on the PATH
java_bin=$(command -v "$1" || true)
jcmd=$(dirname "$(readlink -f "${java_bin:-java}")")/jcmd
[ -x "$jcmd" ] || jcmd=jcmd

build_c
out=$(mktemp -d "${TMPDIR:-/tmp}/sixteen-idle-memory.XXXXXX")
port=$(free_port)
server_pid='' idle_pid=''
trap '[ -z "$idle_pid" ] || stop "$idle_pid"; [ -z "$server_pid" ] || stop "$server_pid"' EXIT
start_server "$out/server.log" "${@//%PORT%/$port}"
wait_listening "$port" "$server_pid" "$out/server.log"
echo "idle-memory.sh: $idle idle peers, port $port; logs in $out"

# heap_kb: the live objects on the heap, in KiB, as the class histogram counts them after the
# full GC it runs first
heap_kb() {
  "$jcmd" "$server_pid" GC.class_histogram | awk '/^Total/ { printf "%d", $3 / 1024 }'
}
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$server_pid/status"; }

sleep 5
heap_before=$(heap_kb) rss_before=$(rss_kb) threads_before=$(threads "$server_pid")
hold_idle_peers "$port" "$idle" "$out/idle.out"
sleep 5
heap_with=$(heap_kb) rss_with=$(rss_kb) threads_with=$(threads "$server_pid")

printf '%-18s RSS %6d MB  heap %6d MB  %5d threads\n' "without:" $((rss_before / 1024)) \
  $((heap_before / 1024)) "$threads_before" "with $idle idle:" $((rss_with / 1024)) $((heap_with / 1024)) \
  "$threads_with"
awk -v n="$idle" -v r=$((rss_with - rss_before)) -v h=$((heap_with - heap_before)) \
  'BEGIN { printf "per idle connection: RSS %.1f KiB, heap %.1f KiB\n", r / n, h / n }'
stop "$idle_pid"
idle_pid=
grep '^idle closed_by_server' "$out/idle.out" || true
