#!/usr/bin/env bash
# The local edge beside nginx as a reverse proxy to the same origin, with ApacheBench (HTTP/1.0 keep-alive, -k),
# then both again while 1,100 slow-header connections are held open. Needs nginx and ab (Debian: nginx-light,
# apache2-utils) and a built CLI jar (tools/cli/target/actionlog.jar). About a minute; loopback only.
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
nginx -p "$work" -c "$work/nginx.conf" -g 'daemon off;' &
pids+=($!)
java -jar "$jar" local --origin "http://127.0.0.1:$origin" --port "$edge" --ui-port 18183 >"$work/logs/edge.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$edge/_actionlog/health" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "http://127.0.0.1:$edge/_actionlog/health" >/dev/null || { echo "the local edge did not start:" >&2; tail -20 "$work/logs/edge.log" >&2; exit 1; }
ab -q -k -c 16 -n 5000 "http://127.0.0.1:$edge/warm" >/dev/null # JIT warm-up, not measured

row() { # name url concurrency requests
  local out
  out="$(ab -q -k -c "$3" -n "$4" "$2" 2>&1)"
  printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$3" \
    "$(awk '/^Complete requests/ {print $3}' <<<"$out")" \
    "$(awk '/^Failed requests/ {print $3}' <<<"$out")" \
    "$(awk '/^Keep-Alive requests/ {print $3}' <<<"$out")" \
    "$(awk '/^Requests per second/ {print $4}' <<<"$out") req/s, $(awk '/^Time per request/ && /mean\)$/ {print $4; exit}' <<<"$out") ms mean"
}
echo "| target | c | complete | failed | keep-alive | throughput, latency |"
echo "|---|---|---|---|---|---|"
for c in 1 16; do
  n=$([ "$c" = 1 ] && echo "$n1" || echo "$n16")
  row "origin direct" "http://127.0.0.1:$origin/" "$c" "$n"
  row "nginx proxy" "http://127.0.0.1:$proxy/" "$c" "$n"
  row "local edge" "http://127.0.0.1:$edge/" "$c" "$n"
done

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
