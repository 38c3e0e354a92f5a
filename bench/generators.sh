#!/usr/bin/env bash
# generators.sh [-c CONNS] [-d SECS] [-k PER_CONN] [-r ROUNDS] [-j JAR]
#
# Which load generator sets the pace: loads the C floor server (bench/target/floor, the cheapest
# server of the exchange there is; with -k in its keep-alive mode) with bench/target/loadgen and
# with `java -jar JAR bench` (sixteen bench; JAR defaults to target/sixteen.jar) in turn, ROUNDS
# times (default 2), and prints the rate each drove and the CPU it used over its measured seconds:
# as a share of one core, and per exchange. Both load for SECS seconds (default 5, at least 3)
# after 2 s of warm-up. Where sixteen bench drives a lower rate than loadgen, sixteen bench, not
# the server, is the bottleneck. CPU per exchange hardly depends on what else the machine runs,
# so its medians and their ratio come last. Logs go to a new directory under ${TMPDIR:-/tmp}.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

usage() {
  echo "usage: generators.sh [-c CONNS] [-d SECS] [-k PER_CONN] [-r ROUNDS] [-j JAR]" >&2
  exit 2
}
conns=50 seconds=5 per_conn=1 rounds=2 jar=$repo_dir/target/sixteen.jar warmup=2
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
[[ $seconds =~ ^[0-9]+$ && $seconds -ge 3 && $per_conn =~ ^[1-9][0-9]*$ ]] || usage
[ -f "$jar" ] || { echo "generators.sh: no $jar; build it with ./mvnw -q package -DskipTests" >&2; exit 2; }

build_c
out=$(mktemp -d "${TMPDIR:-/tmp}/sixteen-generators.XXXXXX")
port=$(free_port)
floor=("$tools_dir/floor" -p "$port")
[ "$per_conn" -gt 1 ] && floor+=(-k)
server_pid= bench_pid=
trap '[ -z "$bench_pid" ] || stop "$bench_pid"; [ -z "$server_pid" ] || stop "$server_pid"' EXIT
start_server "$out/floor.log" "${floor[@]}"
wait_listening "$port" "$server_pid" "$out/floor.log"
echo "generators.sh: floor on port $port, -c $conns -k $per_conn -d $seconds, $rounds rounds; logs in $out"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run"

# wait_line FILE PATTERN: waits until FILE has a line matching PATTERN, or sixteen bench ended
wait_line() {
  until grep -q "$2" "$1"; do
    kill -0 "$bench_pid" 2>/dev/null || return 1
    sleep 0.02
  done
}

for round in $(seq "$rounds"); do
  "$tools_dir/loadgen" -p "$port" -c "$conns" -k "$per_conn" -w "$warmup" -d "$seconds" >"$out/loadgen-$round.out" || true
  awk -v round="$round" '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] } }
    END { printf "round %d loadgen        %8d exchanges/s  errors %s  CPU %.2f of one core, %.1f us/exchange\n",
            round, f["rate"], f["errors"], f["loadgen_cpu"], (f["rate"] > 0 ? f["loadgen_cpu"] / f["rate"] * 1e6 : 0) }' \
    "$out/loadgen-$round.out" | tee -a "$out/rounds"

  # sixteen bench reports no CPU of its own: sample its /proc figures between the first and the
  # last whole measured second of its progress lines (one a second on stderr)
  java -jar "$jar" bench 127.0.0.1 -p "$port" -c "$conns" -k "$per_conn" -w "${warmup}s" -d "${seconds}s" \
    >"$out/bench-$round.out" 2>"$out/bench-$round.err" &
  bench_pid=$!
  cpu="-"
  if wait_line "$out/bench-$round.err" "^ *$((warmup + 1))s "; then
    ticks0=$(cpu_ticks "$bench_pid") wall0=${EPOCHREALTIME//[!0-9]/}
    if wait_line "$out/bench-$round.err" "^ *$((warmup + seconds - 1))s "; then
      ticks1=$(cpu_ticks "$bench_pid") wall1=${EPOCHREALTIME//[!0-9]/}
      cpu=$(awk -v t=$((ticks1 - ticks0)) -v hz="$(getconf CLK_TCK)" -v us=$((wall1 - wall0)) \
        'BEGIN { printf "%.2f", t / hz / (us / 1e6) }')
    fi
  fi
  wait "$bench_pid" || true
  bench_pid=
  awk -v round="$round" -v cpu="$cpu" '
    /^exchanges/ { for (i = 1; i < NF; i++) if ($(i + 1) ~ /^exchanges\/s/) rate = $i }
    /^errors/ { errors = $2 }
    END { printf "round %d sixteen bench  %8d exchanges/s  errors %s  CPU %s of one core, %.1f us/exchange\n",
            round, rate, errors, cpu, (rate > 0 && cpu != "-" ? cpu / rate * 1e6 : 0) }' \
    "$out/bench-$round.out" | tee -a "$out/rounds"
done

# medians over the rounds: rate and CPU per exchange, and sixteen bench / loadgen
awk '
  function median(list,    n, v, i, j, t) {
    n = split(list, v, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  { who = $3 == "loadgen" ? "loadgen" : "bench"; at = who == "loadgen" ? 4 : 5
    rate[who] = rate[who] " " $at; cpu[who] = cpu[who] " " $(NF - 1) }
  END {
    printf "\nmedians                    loadgen  sixteen bench  sixteen bench / loadgen\n"
    printf "exchanges/s               %8.0f       %8.0f  %.2f\n", median(rate["loadgen"]), median(rate["bench"]),
      median(rate["bench"]) / median(rate["loadgen"])
    printf "CPU per exchange, us      %8.1f       %8.1f  %.2f\n", median(cpu["loadgen"]), median(cpu["bench"]),
      median(cpu["bench"]) / median(cpu["loadgen"])
  }' "$out/rounds"
