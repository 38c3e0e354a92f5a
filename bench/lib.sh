# shellcheck shell=bash
# lib.sh: what the bench scripts share; sourced, never run. Linux (epoll, /proc) and bash: a
# machine with a JDK and a C compiler has everything these need.

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_dir=$(cd "$bench_dir/.." && pwd)
tools_dir=$bench_dir/target
netty_jar=$bench_dir/netty-ref/target/netty-ref.jar

# build_c [DIR]: compiles loadgen, floor and idlepeers into DIR (bench/target), each only when
# its source is newer than its binary. CC and CFLAGS as usual.
# shellcheck disable=SC2120 # DIR is for check.sh; the others take the default
build_c() {
  local dir=${1:-$tools_dir} tool
  mkdir -p "$dir"
  for tool in loadgen floor idlepeers; do
    if [ ! -x "$dir/$tool" ] || [ "$bench_dir/$tool.c" -nt "$dir/$tool" ]; then
      # shellcheck disable=SC2086 # CFLAGS is a list of flags
      "${CC:-cc}" ${CFLAGS:--O2 -Wall -Wextra} -pthread -o "$dir/$tool" "$bench_dir/$tool.c" || return 1
    fi
  done
}

# build_netty: packages the Netty reference with the repository's Maven wrapper, only when the
# jar is missing or older than its sources.
build_netty() {
  if [ -f "$netty_jar" ] && [ -z "$(find "$bench_dir/netty-ref/pom.xml" "$bench_dir/netty-ref/src" -newer "$netty_jar")" ]; then
    return 0
  fi
  echo "building the Netty reference (bench/netty-ref) with ./mvnw ..." >&2
  "$repo_dir/mvnw" -q -B -f "$bench_dir/netty-ref/pom.xml" package >&2
}

# accepting PORT: whether something accepts TCP connections on 127.0.0.1:PORT. It connects
# (bash's /dev/tcp) and closes at once, so a server of the exchange may count one empty
# exchange. Not /proc/net/tcp: after a one-shot run it lists a socket per TIME_WAIT, hundreds of
# thousands, and reading it costs seconds of CPU.
accepting() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# ready PORT: whether the actuator on 127.0.0.1:PORT answers /actuator/health/readiness with
# 200, read with bash's /dev/tcp (no curl, no fork of a program), waiting at most 2 s.
ready() {
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'GET /actuator/health/readiness HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
    read -r -t 2 _ status _ <&3 && [ "$status" = 200 ]
  ) 2>/dev/null
}

# free_port: a port where nothing listens, below the kernel's range for outgoing connections so
# that no client socket holds it. (A port left in TIME_WAIT by an earlier server is free to a
# server: Java and the C tools bind with SO_REUSEADDR.)
free_port() {
  local low port _
  read -r low _ </proc/sys/net/ipv4/ip_local_port_range
  [ "$low" -gt 11024 ] || low=61000
  for _ in $(seq 100); do
    port=$((10000 + RANDOM % (low - 10000)))
    accepting "$port" || { echo "$port"; return 0; }
  done
  echo "no free port found" >&2
  return 1
}

# start_server LOG COMMAND...: starts COMMAND in the background, its output in LOG; sets
# server_pid.
start_server() {
  local log=$1
  shift
  "$@" >"$log" 2>&1 &
  # shellcheck disable=SC2034 # for the script that sourced this file
  server_pid=$!
}

# wait_listening PORT PID LOG: waits (up to 120 s) until PORT accepts connections; fails,
# showing the end of LOG, if process PID ends first.
wait_listening() {
  local port=$1 pid=$2 log=$3 _
  for _ in $(seq 6000); do
    accepting "$port" && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "the server ended before it listened on $port; the end of its log ($log):" >&2
      tail -n 20 "$log" >&2
      return 1
    fi
    sleep 0.02
  done
  echo "the server did not listen on $port within 120 s; its log: $log" >&2
  return 1
}

# wait_ready HTTP_PORT PID LOG: as wait_listening, until the actuator on HTTP_PORT says ready
# (polled every 10 ms).
wait_ready() {
  local port=$1 pid=$2 log=$3 _
  for _ in $(seq 12000); do
    ready "$port" && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "the server ended before it was ready; the end of its log ($log):" >&2
      tail -n 20 "$log" >&2
      return 1
    fi
    sleep 0.01
  done
  echo "the server was not ready on $port within 120 s; its log: $log" >&2
  return 1
}

# hold_idle_peers PORT N LOG: has bench/target/idlepeers hold N silent connections to PORT (for
# at most an hour), its output in LOG, and waits until they are connected; sets idle_pid. Fails,
# saying where LOG is, if they did not all connect.
hold_idle_peers() {
  local port=$1 n=$2 log=$3 _
  "$tools_dir/idlepeers" -p "$port" -n "$n" -d 3600 >"$log" 2>&1 &
  # shellcheck disable=SC2034 # for the script that sourced this file
  idle_pid=$!
  for _ in $(seq 1200); do
    grep -q '^idle connected' "$log" && break
    kill -0 "$idle_pid" 2>/dev/null || break
    sleep 0.1
  done
  grep '^idle connected' "$log" || { echo "the idle peers did not connect: $log" >&2; return 1; }
}

# measure_server OUT LABEL COMMAND...: one server, started on a free port (put where %PORT% stands
# in COMMAND), loaded by measure.sh with the caller's $warmup, $conns, $seconds and $per_conn,
# then stopped: loadgen's figures in OUT.out, the server's log in OUT.log, and one line of the
# figures printed after LABEL. Uses server_pid, as start_server does.
measure_server() {
  local out=$1 label=$2 port
  shift 2
  port=$(free_port)
  start_server "$out.log" "${@//%PORT%/$port}"
  wait_listening "$port" "$server_pid" "$out.log"
  sleep 1  # let a JVM finish starting before the warm-up pass
  "$bench_dir/measure.sh" -w "$warmup" "$server_pid" "$port" -c "$conns" -d "$seconds" -k "$per_conn" \
    >"$out.out" || true
  stop "$server_pid"
  server_pid=
  awk -v who="$label" '
    { for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] } }
    END {
      printf "%-16s %8s exchanges/s  p50 %7s us  p99 %7s us  server CPU %6s us/exchange  errors %s  loadgen CPU %s\n",
        who, f["rate"], f["p50"], f["p99"], f["server_cpu_us_per_exchange"], f["errors"], f["loadgen_cpu"]
    }' "$out.out"
}

# stop PID: SIGTERM, then SIGKILL if it has not ended within 30 s; waits for it.
stop() {
  local pid=$1 _
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 300); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# rss_mb PID, threads PID: resident memory in MB and thread count of a process.
rss_mb() { awk '/^VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }
threads() { awk '/^Threads/ { print $2 }' "/proc/$1/status"; }

# cpu_ticks PID: user + system time of a process, all its threads, in clock ticks. The fields
# are counted after the command name, which may hold spaces: utime and stime are 14 and 15.
cpu_ticks() {
  local stat
  stat=$(<"/proc/$1/stat")
  awk '{ print $12 + $13 }' <<<"${stat##*) }"
}
