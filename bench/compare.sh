#!/usr/bin/env bash
# compare.sh [-c CONNS] [-d SECS] [-k PER_CONN] [-r ROUNDS] [-w SECS] -- SERVER COMMAND with %PORT%
#
# The sixteen-octet exchange side by side, in one run on this machine: starts the Netty reference
# (bench/netty-ref) and the server under test in turn, A B A B ... for ROUNDS rounds, each on a
# free port put where %PORT% stands; loads each with bench/measure.sh (loadgen: CONNS connections,
# PER_CONN exchanges each, SECS measured after a warm-up of -w SECS); and prints each round's
# figures, then the medians and the ratios server / Netty of
#   exchanges/s (higher is better), p50 and p99 latency, server CPU per exchange (lower is better).
# Defaults: -c 50 -d 5 -k 1 -r 3 -w 2. With -k above 1 Netty keeps connections (-k) and the server
# under test must too (sixteen: --sixteen.server.close-after-reply=false).
#
# Builds what it needs first (bench/build.sh netty). Logs and figures go to a new directory under
# ${TMPDIR:-/tmp}. NETTY_JAVA picks the java that runs Netty (default: java on the PATH).
# Exit status 0, or 1 if any exchange failed: figures with errors are not worth quoting.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"

usage() {
  echo "usage: compare.sh [-c CONNS] [-d SECS] [-k PER_CONN] [-r ROUNDS] [-w SECS] -- SERVER COMMAND with %PORT%" >&2
  exit 2
}
conns=50 seconds=5 per_conn=1 rounds=3 warmup=2
while getopts "c:d:k:r:w:" option; do
  case $option in
    c) conns=$OPTARG ;;
    d) seconds=$OPTARG ;;
    k) per_conn=$OPTARG ;;
    r) rounds=$OPTARG ;;
    w) warmup=$OPTARG ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ "${1:-}" = -- ] && shift
[ $# -gt 0 ] || usage
[[ $rounds =~ ^[1-9][0-9]*$ && $per_conn =~ ^[1-9][0-9]*$ ]] || usage
[[ " $* " == *%PORT%* ]] || { echo "compare.sh: put %PORT% where the server's TCP port goes" >&2; exit 2; }

build_c
build_netty
out=$(mktemp -d "${TMPDIR:-/tmp}/sixteen-compare.XXXXXX")
# shellcheck disable=SC2206 # NETTY_JAVA may carry JVM options
netty=(${NETTY_JAVA:-java} -jar "$netty_jar" -p %PORT%)
[ "$per_conn" -gt 1 ] && netty+=(-k)
server_pid=
trap '[ -z "$server_pid" ] || stop "$server_pid"' EXIT

echo "compare.sh: -c $conns -d $seconds -k $per_conn, $rounds rounds, Netty then the server; logs in $out"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run;" \
  "commit $(git -C "$repo_dir" rev-parse --short HEAD 2>/dev/null || echo unknown)"

for round in $(seq "$rounds"); do
  measure_server "$out/netty-$round" "round $round netty" "${netty[@]}"
  measure_server "$out/server-$round" "round $round server" "$@"
done

# medians over the rounds, and the ratios server / netty
awk -v rounds="$rounds" -v per_conn="$per_conn" '
  function median(name, key,    n, i, j, v, t) {
    n = 0
    for (i = 1; i <= rounds; i++) if ((name, key, i) in fig) v[++n] = fig[name, key, i]
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    if (n == 0) return "nan"
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  function row(label, key, format,    a, b) {
    a = median("netty", key); b = median("server", key)
    printf "%-32s " format " " format "   %s\n", label, a, b, (a > 0 && b != "nan") ? sprintf("%.2f", b / a) : "-"
  }
  FNR == 1 { n = split(FILENAME, parts, "/"); split(parts[n], nr, /[-.]/); name = nr[1]; round = nr[2] }
  { for (i = 1; i <= NF; i++) if (split($i, kv, "=") == 2) fig[name, kv[1], round] = kv[2] + 0 }
  /^conns=/ { for (i = 1; i <= NF; i++) if ($i ~ /^errors=/) { split($i, kv, "="); errors[name] += kv[2] } }
  END {
    printf "\nmedians of %d rounds               netty      server   ratio server/netty\n", rounds
    row("exchanges/s (higher is better)", "rate", "%10.0f")
    row("p50 latency, us", "p50", "%10.1f")
    row("p99 latency, us", "p99", "%10.1f")
    row("server CPU per exchange, us", "server_cpu_us_per_exchange", "%10.1f")
    printf "%-32s %10.2f %10.2f   (near 1.00: the load generator sets the rate)\n", "loadgen CPU, share of one core",
      median("netty", "loadgen_cpu"), median("server", "loadgen_cpu")
    printf "%-32s %10d %10d\n", "errors, all rounds", errors["netty"], errors["server"]
    if (errors["netty"] + errors["server"] > 0) {
      print "some exchanges failed: see first_error in the .out files; do not quote these figures"
      if (per_conn > 1) print "with -k above 1 the server must keep connections (sixteen: --sixteen.server.close-after-reply=false)"
      exit 1
    }
  }' "$out"/netty-*.out "$out"/server-*.out
