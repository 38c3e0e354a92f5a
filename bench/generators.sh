#!/usr/bin/env bash
# generators.sh [-c CONNS] [-d SECS] [-k PER_CONN] [-r ROUNDS] [-j JAR] [-- SERVER COMMAND with %PORT%]
#
# Which load generator sets the pace: loads a server, by default the C floor (bench/target/floor,
# the cheapest server of the exchange there is; with -k above 1 in its keep-alive mode), with
# bench/target/loadgen and with `java -jar JAR bench` (sixteen bench; JAR defaults to
# target/sixteen-exec.jar) in turn, ROUNDS times (default 2), after a 3 s pass that warms the server
# up. Each loads for SECS seconds (default 5, at least 3) after a 2 s warm-up of its own. For each
# it prints the rate, the CPU the generator used over the measured seconds (as a share of one
# core, and per exchange) and the server's CPU per exchange; then the medians, and the ratios
# sixteen bench / loadgen. A one-thread generator cannot drive more than 1 / (its CPU per
# exchange), and where it costs more per exchange than the server it, not the server, is the
# limit. CPU per exchange depends less than rates on what else the machine runs.
# Logs go to a new directory under ${TMPDIR:-/tmp}.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"

usage() {
  echo "usage: generators.sh [-c CONNS] [-d SECS] [-k PER_CONN] [-r ROUNDS] [-j JAR] [-- SERVER COMMAND with %PORT%]" >&2
  exit 2
}
conns=50 seconds=5 per_conn=1 rounds=2 jar=$repo_dir/target/sixteen-exec.jar warmup=2
while getopts "c:d:k:r:j:" option; do
  case $option in
    c) conns=$OPTARG ;;
    d) seconds=$OPTARG ;;
    k) per_conn=$OPTARG ;;
    r) rounds=$OPTARG ;;
    j) jar=$OPTARG ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ "${1:-}" = -- ] && shift
[[ $seconds =~ ^[0-9]+$ && $seconds -ge 3 && $per_conn =~ ^[1-9][0-9]*$ && $rounds =~ ^[1-9][0-9]*$ ]] || usage
[ -f "$jar" ] || { echo "generators.sh: no $jar; build it with ./mvnw -q package -DskipTests" >&2; exit 2; }
if [ $# -eq 0 ]; then
  set -- "$tools_dir/floor" -p %PORT%
  [ "$per_conn" -gt 1 ] && set -- "$@" -k
fi
[[ " $* " == *%PORT%* ]] || { echo "generators.sh: put %PORT% where the server's TCP port goes" >&2; exit 2; }

build_c
out=$(mktemp -d "${TMPDIR:-/tmp}/sixteen-generators.XXXXXX")
port=$(free_port)
server_pid='' bench_pid=''
trap '[ -z "$bench_pid" ] || stop "$bench_pid"; [ -z "$server_pid" ] || stop "$server_pid"' EXIT
start_server "$out/server.log" "${@//%PORT%/$port}"
wait_listening "$port" "$server_pid" "$out/server.log"
echo "generators.sh: $(basename "$1") on port $port, -c $conns -k $per_conn -d $seconds, $rounds rounds; logs in $out"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run"
"$tools_dir/loadgen" -p "$port" -c "$conns" -k "$per_conn" -w 0 -d 3 >/dev/null || true
hz=$(getconf CLK_TCK)

# line NAME ROUND RATE ERRORS CPU_SHARE SERVER_TICKS SECONDS: one generator's round, on one line
line() {
  awk -v who="$1" -v round="$2" -v rate="$3" -v errors="$4" -v cpu="$5" -v ticks="$6" -v secs="$7" -v hz="$hz" 'BEGIN {
    own = rate > 0 ? cpu / rate * 1e6 : 0
    server = rate > 0 ? ticks / hz / secs / rate * 1e6 : 0
    printf "round %d %-14s %8d exchanges/s  errors %s  generator CPU %.2f of one core, %.1f us/exchange  server CPU %.1f us/exchange\n",
      round, who, rate, errors, cpu, own, server
  }' | tee -a "$out/rounds"
}

# wait_line FILE PATTERN: waits until FILE has a line matching PATTERN; fails if sixteen bench ended
wait_line() {
  until grep -q "$2" "$1"; do
    kill -0 "$bench_pid" 2>/dev/null || return 1
    sleep 0.02
  done
}

for round in $(seq "$rounds"); do
  "$tools_dir/loadgen" -p "$port" -c "$conns" -k "$per_conn" -w 0 -d "$warmup" >/dev/null || true
  before=$(cpu_ticks "$server_pid")
  "$tools_dir/loadgen" -p "$port" -c "$conns" -k "$per_conn" -w 0 -d "$seconds" >"$out/loadgen-$round.out" || true
  after=$(cpu_ticks "$server_pid")
  read -r rate errors cpu secs < <(awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] } }
    END { print f["rate"] + 0, f["errors"] + 0, f["loadgen_cpu"] + 0, f["seconds"] + 0 }' "$out/loadgen-$round.out")
  line loadgen "$round" "$rate" "$errors" "$cpu" $((after - before)) "$secs"

  # sixteen bench reports no CPU of its own: sample its and the server's /proc figures between
  # the first and the last whole measured second of its progress lines (one a second, on stderr)
  : >"$out/bench-$round.err"
  java -jar "$jar" bench 127.0.0.1 -p "$port" -c "$conns" -k "$per_conn" -w "${warmup}s" -d "${seconds}s" \
    >"$out/bench-$round.out" 2>"$out/bench-$round.err" &
  bench_pid=$!
  sampled=
  if wait_line "$out/bench-$round.err" "^ *$((warmup + 1))s "; then
    bench0=$(cpu_ticks "$bench_pid") server0=$(cpu_ticks "$server_pid") wall0=${EPOCHREALTIME//[!0-9]/}
    if wait_line "$out/bench-$round.err" "^ *$((warmup + seconds - 1))s "; then
      bench1=$(cpu_ticks "$bench_pid") server1=$(cpu_ticks "$server_pid") wall1=${EPOCHREALTIME//[!0-9]/}
      sampled=yes
    fi
  fi
  wait "$bench_pid" || true
  bench_pid=
  read -r rate errors < <(awk '/^exchanges/ { for (i = 1; i < NF; i++) if ($(i + 1) ~ /^exchanges\/s/) rate = $i }
    /^errors/ { errors = $2 } END { print rate + 0, errors + 0 }' "$out/bench-$round.out")
  if [ -n "$sampled" ]; then
    secs=$(awk -v us=$((wall1 - wall0)) 'BEGIN { print us / 1e6 }')
    cpu=$(awk -v t=$((bench1 - bench0)) -v hz="$hz" -v s="$secs" 'BEGIN { print t / hz / s }')
    line "sixteen bench" "$round" "$rate" "$errors" "$cpu" $((server1 - server0)) "$secs"
  else
    echo "round $round sixteen bench: no progress lines to sample; see $out/bench-$round.err"
  fi
done

# medians over the rounds, and sixteen bench / loadgen
awk '
  function median(list,    n, v, i, j, t) {
    n = split(list, v, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  function row(label, key, format) {
    printf "%-34s " format "       " format "  %.2f\n", label, median(f["loadgen", key]), median(f["bench", key]),
      median(f["bench", key]) / median(f["loadgen", key])
  }
  { who = $3 == "loadgen" ? "loadgen" : "bench"; at = who == "loadgen" ? 4 : 5
    f[who, "rate"] = f[who, "rate"] " " $at; f[who, "own"] = f[who, "own"] " " $(NF - 5); f[who, "server"] = f[who, "server"] " " $(NF - 1) }
  END {
    printf "\nmedians                             loadgen  sixteen bench  sixteen bench / loadgen\n"
    row("exchanges/s", "rate", "%8.0f")
    row("generator CPU per exchange, us", "own", "%8.1f")
    row("server CPU per exchange, us", "server", "%8.1f")
  }' "$out/rounds"
