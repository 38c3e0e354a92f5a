#!/usr/bin/env bash
# startup.sh [-r RUNS] [-s SECS] -- SERVER COMMAND with %PORT%
#
# How fast the server starts and how much memory it holds idle: for each of RUNS runs (default 1)
# starts it on a free port (put where %PORT% stands), and prints the milliseconds from the start
# to the port listening (the kernel then accepts connections), and the server's RSS SECS seconds
# later (default 5). Logs go to a new directory under ${TMPDIR:-/tmp}.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"

usage() {
  echo "usage: startup.sh [-r RUNS] [-s SECS] -- SERVER COMMAND with %PORT%" >&2
  exit 2
}
runs=1 settle=5
while getopts "r:s:" option; do
  case $option in
    r) runs=$OPTARG ;;
    s) settle=$OPTARG ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ "${1:-}" = -- ] && shift
[ $# -gt 0 ] || usage
[[ " $* " == *%PORT%* ]] || { echo "startup.sh: put %PORT% where the server's TCP port goes" >&2; exit 2; }

out=$(mktemp -d "${TMPDIR:-/tmp}/sixteen-startup.XXXXXX")
server_pid=
trap '[ -z "$server_pid" ] || stop "$server_pid"' EXIT

for run in $(seq "$runs"); do
  port=$(free_port)
  started=${EPOCHREALTIME//[!0-9]/}  # microseconds (bash 5), read without a fork
  start_server "$out/server-$run.log" "${@//%PORT%/$port}"
  wait_listening "$port" "$server_pid" "$out/server-$run.log"
  listening=${EPOCHREALTIME//[!0-9]/}
  sleep "$settle"
  echo "run $run: listening_ms=$(((listening - started) / 1000)) idle_rss_mb=$(rss_mb "$server_pid")"
  stop "$server_pid"
  server_pid=
done
