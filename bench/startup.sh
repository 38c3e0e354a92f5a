#!/usr/bin/env bash
# startup.sh PORT -- SERVER COMMAND...
# Milliseconds from exec to the TCP port accepting, and the server's RSS 5 s later.
set -euo pipefail
port=$1; shift; [ "${1:-}" = "--" ] && shift
t0=$(date +%s%N)
"$@" > "${TMPDIR:-/tmp}/startup-server.log" 2>&1 & pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null; do sleep 0.02; done
t1=$(date +%s%N)
sleep 5
echo "listening_ms=$(( (t1 - t0) / 1000000 )) idle_rss_mb=$(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 ))"
