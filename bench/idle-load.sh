#!/usr/bin/env bash
# idle-load.sh PORT -- SERVER COMMAND...
# The same closed-loop load (loadgen -c 50 -d 8) without and then with 10,000 idle peers
# connected, and the server's RSS and thread count with them. Give the server a read-timeout
# longer than the run (--sixteen.server.read-timeout=5m) so that the idle peers stay.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
port=$1; shift; [ "${1:-}" = "--" ] && shift
lg=${LOADGEN:-${TMPDIR:-/tmp}/sixteen-bench/loadgen}
[ -x "$lg" ] || { mkdir -p "$(dirname "$lg")"; gcc -O2 -o "$lg" "$here/../../shared/bench/loadgen.c"; }
"$@" > "${TMPDIR:-/tmp}/idle-load-server.log" 2>&1 & pid=$!
trap 'kill $pid ${idle:-} 2>/dev/null || true' EXIT
for _ in $(seq 300); do (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break; sleep 0.2; done
"$lg" -p "$port" -d 3 -c 50 >/dev/null
echo "without idle peers: $("$lg" -p "$port" -d 8 -c 50 | grep -E 'rate|errors' | tr '\n' ' ')"
python3 "$here/idle_peers.py" "$port" 10000 > "${TMPDIR:-/tmp}/idle-peers.out" 2>&1 & idle=$!
for _ in $(seq 600); do grep -q connected "${TMPDIR:-/tmp}/idle-peers.out" && break; sleep 0.1; done
sleep 2
echo "with 10000 idle:    $("$lg" -p "$port" -d 8 -c 50 | grep -E 'rate|errors' | tr '\n' ' ')"
echo "server: $(grep VmRSS /proc/$pid/status) $(grep Threads /proc/$pid/status)"
