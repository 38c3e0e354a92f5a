#!/usr/bin/env bash
# startup.sh [-r RUNS] [-s SECS] -- SERVER COMMAND with %PORT% [and %HTTP%]
#
# How fast the server starts and how much memory it holds idle: for each of RUNS runs (default 1)
# starts it on a free port (put where %PORT% stands), and prints the milliseconds from the start
# to the port listening (the kernel then accepts connections), and the server's RSS SECS seconds
# later (default 5). With %HTTP% where the actuator's port goes (--server.port=%HTTP%), it also
# waits for /actuator/health/readiness to answer 200 and prints ready_ms: from the start to the
# port accepting and readiness 200, what a Kubernetes readiness probe waits for. cpu_ms is the
# CPU time (user + system, all threads) the server had used by then: on a shared machine it moves
# less than the wall time. After the runs, the median of each figure. Logs go to a new directory
# under ${TMPDIR:-/tmp}.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"

usage() {
  echo "usage: startup.sh [-r RUNS] [-s SECS] -- SERVER COMMAND with %PORT% [and %HTTP%]" >&2
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
with_http=false
[[ " $* " == *%HTTP%* ]] && with_http=true

# median FIGURE...: the middle one (the lower middle of an even count)
median() {
  printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"
}

out=$(mktemp -d "${TMPDIR:-/tmp}/sixteen-startup.XXXXXX")
server_pid=
trap '[ -z "$server_pid" ] || stop "$server_pid"' EXIT

tick_ms=$((1000 / $(getconf CLK_TCK)))
listening_all=() ready_all=() cpu_all=() rss_all=()
for run in $(seq "$runs"); do
  port=$(free_port)
  http=$(free_port)
  command=("${@//%PORT%/$port}")
  started=${EPOCHREALTIME//[!0-9]/}  # microseconds (bash 5), read without a fork
  start_server "$out/server-$run.log" "${command[@]//%HTTP%/$http}"
  wait_listening "$port" "$server_pid" "$out/server-$run.log"
  listening=${EPOCHREALTIME//[!0-9]/}
  listening_all+=($(((listening - started) / 1000)))
  line="run $run: listening_ms=${listening_all[-1]}"
  if $with_http; then
    wait_ready "$http" "$server_pid" "$out/server-$run.log"
    ready=${EPOCHREALTIME//[!0-9]/}
    ready_all+=($(((ready - started) / 1000)))
    line+=" ready_ms=${ready_all[-1]}"
  fi
  cpu_all+=($(($(cpu_ticks "$server_pid") * tick_ms)))
  line+=" cpu_ms=${cpu_all[-1]}"
  sleep "$settle"
  rss_all+=("$(rss_mb "$server_pid")")
  echo "$line idle_rss_mb=${rss_all[-1]}"
  stop "$server_pid"
  server_pid=
done

line="median of $runs: listening_ms=$(median "${listening_all[@]}")"
$with_http && line+=" ready_ms=$(median "${ready_all[@]}")"
echo "$line cpu_ms=$(median "${cpu_all[@]}") idle_rss_mb=$(median "${rss_all[@]}") (logs: $out)"
