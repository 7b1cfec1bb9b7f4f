#!/usr/bin/env bash
# The local edge beside nginx as a reverse proxy to the same origin, with ApacheBench (HTTP/1.0 keep-alive, -k),
# then both again while 1,100 slow-header connections are held open. Needs nginx and ab (Debian: nginx-light,
# apache2-utils) and a built CLI jar (tools/cli/target/actionlog.jar). Four to eight minutes; loopback only. Each
# edge run starts with the chain idle; prints the CPU each request costs nginx and each part of the local chain
# (jcmd's per-thread CPU, until the chain has stored the run's events) at c=1 and c=16.
# Usage: benchmarks/proxy-ab.sh [requests at c=16 (default 10000; a fifth of it at c=1)]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n16="${1:-10000}"
n1=$((n16 / 5))
jar="$root/tools/cli/target/actionlog.jar"
for c in nginx ab python3; do command -v "$c" >/dev/null || { echo "needs $c on PATH (Debian: apt-get install nginx-light apache2-utils)" >&2; exit 2; }; done
[ -f "$jar" ] || { echo "needs $jar: build the CLI first (./mvnw -B -pl tools/cli -am package -DskipTests)" >&2; exit 2; }
work="$(mktemp -d)"
origin=18180 proxy=18181 edge=18182
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/logs"
cat >"$work/nginx.conf" <<EOF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/logs/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work; uwsgi_temp_path $work; scgi_temp_path $work;
  upstream origin { server 127.0.0.1:$origin; keepalive 64; }
  server { listen 127.0.0.1:$origin; location / { default_type text/plain; return 200 "ok\n"; } }
  server {
    listen 127.0.0.1:$proxy;
    location / { proxy_pass http://origin; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
EOF
for port in $origin $proxy $edge 18183; do
  ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "port $port is in use: stop what listens there (a previous run?)" >&2; exit 2; }
done
nginx -p "$work" -c "$work/nginx.conf" -g 'daemon off;' &
pids+=($!)
java -jar "$jar" local --origin "http://127.0.0.1:$origin" --port "$edge" --ui-port 18183 >"$work/logs/edge.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$edge/_actionlog/health" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "http://127.0.0.1:$edge/_actionlog/health" >/dev/null || { echo "the local edge did not start:" >&2; tail -20 "$work/logs/edge.log" >&2; exit 1; }
edge_pid="${pids[1]}"
# JIT warm-up, not measured: the capture path needs more than 10,000 requests to be compiled on two busy cores
ab -q -k -c 16 -n 20000 "http://127.0.0.1:$edge/warm" >/dev/null

# CPU used per request, by part: the edge JVM's threads from jcmd's thread dump (cpu=…ms per thread), nginx's
# processes from /proc (the origin's own work is in the nginx figures of every target)
threads() { jcmd "$edge_pid" Thread.print 2>/dev/null | sed -nE 's/^"([^"]+)".* cpu=([0-9.]+)ms.*/\2 \1/p'; }
nginx_ticks() { # user + system clock ticks of nginx's master and workers
  local master; master="$(cat "$work/nginx.pid")"
  for p in "$master" $(pgrep -P "$master"); do awk '{print $14 + $15}' "/proc/$p/stat"; done | awk '{s += $1} END {print s}'
}

# The chain behind the edge (ElasticMQ, consumer, DynamoDB Local, archive) works through the events of a load after
# the load ends (the 20,000 warm-up events take it over a minute here): each edge run starts once the JVM is idle
# again, or its requests would share the cores with the previous run's backlog.
settle() {
  local waited=0 a b
  while [ "$waited" -lt 180 ]; do
    a=$(awk '{print $14 + $15}' "/proc/$edge_pid/stat"); sleep 1; b=$(awk '{print $14 + $15}' "/proc/$edge_pid/stat")
    waited=$((waited + 1))
    [ $(( (b - a) * 100 / $(getconf CLK_TCK) )) -lt 5 ] && { echo "$waited s" >"$work/settled"; return; }
  done
  echo "180 s without falling idle (measured anyway)" >"$work/settled"
}

row() { # name url concurrency requests
  local out
  out="$(ab -q -k -c "$3" -n "$4" "$2" 2>&1)"
  printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$3" \
    "$(awk '/^Complete requests/ {print $3}' <<<"$out")" \
    "$(awk '/^Failed requests/ {print $3}' <<<"$out")" \
    "$(awk '/^Keep-Alive requests/ {print $3}' <<<"$out")" \
    "$(awk '/^Requests per second/ {print $4}' <<<"$out") req/s, $(awk '/^Time per request/ && /mean\)$/ {print $4; exit}' <<<"$out") ms mean, p50 $(awk '$1 == "50%" {print $2}' <<<"$out") / p99 $(awk '$1 == "99%" {print $2}' <<<"$out") ms"
}
echo "| target | c | complete | failed | keep-alive | throughput, latency |"
echo "|---|---|---|---|---|---|"
tick_us=$((1000000 / $(getconf CLK_TCK)))
breakdown() { # concurrency requests: the edge JVM's CPU per request by part, from the thread snapshots
  command -v jcmd >/dev/null && [ -s "$work/threads-after" ] || { echo "(jcmd is not on the PATH: the per-thread breakdown is skipped)"; return; }
  python3 - "$work/threads-before" "$work/threads-after" "$2" "$edge" "$1" <<'PY'
import re, sys
def read(path):
    cpu = {}
    for line in open(path):
        ms, name = line.rstrip("\n").split(" ", 1)
        cpu[name] = cpu.get(name, 0.0) + float(ms)
    return cpu
before, after, n, port, c = read(sys.argv[1]), read(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
def part(name):
    if name.startswith(f"actionlog-http-{port}-worker"): return "edge: HTTP workers (read, capture, origin call, answer)"
    if name == f"actionlog-http-{port}": return "edge: selector (connections, request heads)"
    if name.startswith("actionlog-origin"): return "edge: origin connections"
    if name.startswith("actionlog-send"): return "edge: batched SQS send"
    if name.startswith("elasticmq") or name.startswith("actionlog-http-"): return "chain: SQS emulator (ElasticMQ, its guard)"
    if name.startswith("qtp") or name.startswith("SQLiteQueue"): return "chain: DynamoDB Local"
    if "event-source-mapping" in name or "batch-write" in name: return "chain: consumer"
    if "stream-source-mapping" in name or "archive" in name: return "chain: archive"
    if "CompilerThread" in name: return "JVM: JIT compilers"
    if "GC" in name or name.startswith("G1") or name.startswith("VM "): return "JVM: GC and VM"
    return "other"
parts = {}
for name, ms in after.items():
    used = ms - before.get(name, 0.0)
    if used > 0: parts[part(name)] = parts.get(part(name), 0.0) + used
total = sum(parts.values())
print()
print(f"| part of the local chain's JVM, c={c} | CPU µs per request | share |")
print("|---|---|---|")
for name, ms in sorted(parts.items(), key=lambda kv: -kv[1]):
    print(f"| {name} | {ms * 1000 / n:,.0f} | {ms / total:.0%} |")
edge = sum(ms for k, ms in parts.items() if k.startswith("edge"))
print(f"| **all** | **{total * 1000 / n:,.0f}** | |")
print()
print(f"The edge's own threads: {edge * 1000 / n:,.0f} µs of CPU per request, the rest of the chain and the JVM "
      f"{(total - edge) * 1000 / n:,.0f} µs. Deployed, the chain is SQS, Lambda and DynamoDB, not this machine's cores.")
PY
}

for c in 1 16; do
  n=$([ "$c" = 1 ] && echo "$n1" || echo "$n16")
  t0=$(nginx_ticks); row "origin direct" "http://127.0.0.1:$origin/" "$c" "$n"; t1=$(nginx_ticks)
  row "nginx proxy" "http://127.0.0.1:$proxy/" "$c" "$n"; t2=$(nginx_ticks)
  eval "nginx_direct_$c=$(( (t1 - t0) * tick_us / n )) nginx_proxy_$c=$(( (t2 - t1) * tick_us / n ))"
  settle
  printf -v "settled_$c" %s "$(cat "$work/settled")"
  threads >"$work/threads-before"
  t3=$(nginx_ticks); row "local edge" "http://127.0.0.1:$edge/" "$c" "$n"; t4=$(nginx_ticks)
  settle # the run's events through the chain: counted in its CPU
  threads >"$work/threads-after"
  cp "$work/threads-before" "$work/threads-before-$c"; cp "$work/threads-after" "$work/threads-after-$c"
  eval "edge_origin_$c=$(( (t4 - t3) * tick_us / n ))"
done
echo
echo "Each edge run started once the edge's JVM was idle (the chain done with the events before it): after ${settled_1} at c=1, ${settled_16} at c=16."
for c in 1 16; do
  n=$([ "$c" = 1 ] && echo "$n1" || echo "$n16")
  eval "d=\$nginx_direct_$c p=\$nginx_proxy_$c o=\$edge_origin_$c"
  echo
  echo "CPU per request at c=$c ($n requests; nginx from /proc in clock ticks of ${tick_us} µs, the edge's JVM by thread):"
  echo "nginx answering as the origin: ${d} µs; nginx as proxy and origin: ${p} µs; the origin behind the edge: ${o} µs"
  cp "$work/threads-before-$c" "$work/threads-before"; cp "$work/threads-after-$c" "$work/threads-after"
  breakdown "$c" "$n"
done
echo

# 1,100 slow-header connections held open against each proxy, then the same load.
hold() { # port -> pid of a process holding 1,100 connections that each sent half a request head
  python3 - "$1" <<'PY' &
import socket, sys, time
held = []
for i in range(1100):
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
    s.sendall(b"GET /slow HTTP/1.1\r\nHost: x\r\nX-A: ")
    held.append(s)
time.sleep(60)
PY
  echo $!
}
echo
echo "| with 1,100 slow-header connections open | c | complete | failed | keep-alive | throughput, latency | health |"
echo "|---|---|---|---|---|---|---|"
for target in "nginx proxy:$proxy" "local edge:$edge"; do
  name="${target%%:*}" port="${target##*:}"
  holder=$(hold "$port"); pids+=("$holder"); sleep 3
  health=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/_actionlog/health")
  printf '%s | %s |\n' "$(row "$name" "http://127.0.0.1:$port/" 16 "$n1" | sed 's/ |$//')" "$health"
  kill "$holder" 2>/dev/null || true
done
