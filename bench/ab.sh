#!/usr/bin/env bash
# ab.sh [-c CONNS] [-d SECS] [-k PER_CONN] [-r ROUNDS] [-w SECS] NAME 'COMMAND with %PORT%' NAME 'COMMAND' ...
#
# Two or more servers in turn, A B C A B C ... for ROUNDS rounds, under the same load: where
# compare.sh sets one server beside Netty, this sets one build of sixteen beside another (before
# and after a change, virtual or platform threads, a handler or the built-in reply), so that a
# machine whose speed drifts during the run weighs on each alike. NAME netty with an empty
# COMMAND is the Netty reference. Each COMMAND is one string, split into words as the shell
# does. Prints each round's figures, then the medians and the ratios of each server to the first
# for exchanges/s, p50 and p99 latency and server CPU per exchange. Defaults as compare.sh's:
# -c 50 -d 5 -k 1 -r 3 -w 2. Logs go to a new directory under ${TMPDIR:-/tmp}.
#
#   bench/ab.sh -k 1000 -r 4 before "java -jar /tmp/before.jar --sixteen.server.port=%PORT% \
#       --server.port=0 --sixteen.server.close-after-reply=false" after "java -jar ..."
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"

usage() {
  echo "usage: ab.sh [-c CONNS] [-d SECS] [-k PER_CONN] [-r ROUNDS] [-w SECS] NAME 'COMMAND with %PORT%' NAME 'COMMAND' ..." >&2
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
[ $# -ge 4 ] && [ $(($# % 2)) -eq 0 ] || usage
[[ $rounds =~ ^[1-9][0-9]*$ && $per_conn =~ ^[1-9][0-9]*$ ]] || usage
names=() commands=()
while [ $# -gt 0 ]; do
  names+=("$1")
  if [ "$1" = netty ] && [ -z "$2" ]; then
    command="${NETTY_JAVA:-java} -jar $netty_jar -p %PORT%"
    [ "$per_conn" -gt 1 ] && command+=" -k"
    commands+=("$command")
  else
    [[ "$2" == *%PORT%* ]] || { echo "ab.sh: put %PORT% where $1's TCP port goes" >&2; exit 2; }
    commands+=("$2")
  fi
  shift 2
done

build_c
[[ " ${names[*]} " == *" netty "* ]] && build_netty
out=$(mktemp -d "${TMPDIR:-/tmp}/sixteen-ab.XXXXXX")
server_pid=
trap '[ -z "$server_pid" ] || stop "$server_pid"' EXIT
echo "ab.sh: -c $conns -d $seconds -k $per_conn, $rounds rounds of ${names[*]}; logs in $out"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run"

for round in $(seq "$rounds"); do
  for i in "${!names[@]}"; do
    # shellcheck disable=SC2206 # each command is split into words on purpose
    words=(${commands[$i]})
    measure_server "$out/${names[$i]}-$round" "round $round ${names[$i]}" "${words[@]}"
  done
done

# medians over the rounds, and the ratios to the first server
awk -v rounds="$rounds" -v list="${names[*]}" '
  function median(name, key,    n, i, j, v, t) {
    n = 0
    for (i = 1; i <= rounds; i++) if ((name, key, i) in fig) v[++n] = fig[name, key, i]
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    if (n == 0) return "nan"
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  FNR == 1 { n = split(FILENAME, parts, "/"); name = parts[n]; sub(/-[0-9]+\.out$/, "", name); nr = split(parts[n], r, /[-.]/); round = r[nr - 1] }
  { for (i = 1; i <= NF; i++) if (split($i, kv, "=") == 2) fig[name, kv[1], round] = kv[2] + 0 }
  /^conns=/ { for (i = 1; i <= NF; i++) if ($i ~ /^errors=/) { split($i, kv, "="); errors += kv[2] } }
  END {
    count = split(list, who, " ")
    printf "\nmedians of %d rounds     exchanges/s      p50 us      p99 us   CPU us/exchange   ratios to %s: rate p50 p99 CPU\n", rounds, who[1]
    for (k = 1; k <= count; k++) {
      a = who[k]; b = who[1]
      printf "%-20s %12.0f %11.1f %11.1f %17.1f", a, median(a, "rate"), median(a, "p50"), median(a, "p99"), median(a, "server_cpu_us_per_exchange")
      if (k > 1) printf "   %.2f %.2f %.2f %.2f", median(a, "rate") / median(b, "rate"), median(a, "p50") / median(b, "p50"),
        median(a, "p99") / median(b, "p99"), median(a, "server_cpu_us_per_exchange") / median(b, "server_cpu_us_per_exchange")
      printf "\n"
    }
    if (errors > 0) { print "some exchanges failed: see first_error in the .out files; do not quote these figures"; exit 1 }
  }' "$out"/*.out
