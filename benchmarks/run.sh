#!/usr/bin/env bash
# Runs the benchmarks: ./benchmarks/run.sh [all|jmh|sidebyside|refusal|proxy|consumer|trace|search|archive|coldstart|load|cost] [args...]
# Builds first. Results print as Markdown tables for docs/BENCHMARKS.md. Loopback only; every run is bounded.
# BENCH_JAVA_OPTS adds JVM options (e.g. another collector) to the benchmark JVM.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
what="${1:-all}"; shift || true
./mvnw -B -q -DskipTests install -pl benchmarks -am >&2
cp="benchmarks/target/classes:$(cat benchmarks/target/bench.classpath)"
run() { echo; echo "## $1"; shift; java -Xms1g -Xmx4g ${BENCH_JAVA_OPTS:-} -cp "$cp" "$@"; }
case "$what" in
  jmh)       run "JMH: capture path" org.openjdk.jmh.Main CaptureBenchmark -rf json -rff benchmarks/target/jmh.json "$@"
             run "Capture path by CPU time" actionlog.bench.CaptureCpuTime ;;
  sidebyside) # two builds of the core module in one JVM: sidebyside BEFORE.jar [AFTER, default the current classes] [ROUNDS] [typical|traffic]
             [ $# -ge 1 ] || { echo "usage: $0 sidebyside BEFORE_CORE.jar [AFTER_CORE] [ROUNDS] [typical|traffic]" >&2; exit 2; }
             run "Capture path, two builds side by side" actionlog.bench.CaptureSideBySide "$1" "${2:-functions/core/target/classes}" "${3:-24}" "${4:-typical}" ;;
  refusal)   run "JMH: refused direct call" org.openjdk.jmh.Main RefusalBenchmark -rf json -rff benchmarks/target/jmh-refusal.json "$@" ;;
  proxy)     run "Proxy-mode added latency" actionlog.bench.ProxyLatency "$@"
             # the baseline: nginx as a reverse proxy to the same origin, side by side with the local edge, in the same run
             if command -v nginx >/dev/null && command -v ab >/dev/null; then
               [ -f tools/cli/target/actionlog.jar ] || ./mvnw -B -q -DskipTests package -pl tools/cli -am >&2
               echo; echo "## The local edge beside nginx (ApacheBench keep-alive)"; benchmarks/proxy-ab.sh
             else
               echo "nginx or ab is not on the PATH: the nginx baseline is skipped (Debian: nginx-light apache2-utils)"
             fi ;;
  consumer)  run "Consumer throughput" actionlog.bench.ConsumerThroughput "$@" ;;
  trace)     run "trace on 10,000 events" actionlog.bench.TraceSpeed "$@" ;;
  search)    run "search over 1,000,000 events" actionlog.bench.SearchSpeed "$@" ;;
  archive)   run "sql --local over 10,000,000 archived events" actionlog.bench.ArchiveSqlSpeed "$@" ;;
  coldstart) run "Cold start" actionlog.bench.ColdStart functions/edge/target/lambda/function.jar ;;
  load)      run "Load: local edge" actionlog.bench.LoadTest "$@" ;;
  cost)      run "Write units per event" actionlog.bench.WriteCost ;;
  all)
    for b in jmh refusal proxy consumer trace search archive coldstart load cost; do "$0" "$b"; done ;;
  *) echo "usage: $0 [all|jmh|sidebyside|refusal|proxy|consumer|trace|search|archive|coldstart|load|cost] [args...]" >&2; exit 2 ;;
esac
