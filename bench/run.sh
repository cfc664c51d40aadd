#!/usr/bin/env bash
# Kizashi benchmarks: how fast a 10-million-packet darknet capture is read, decoded and analysed, against
# `tcpdump -r FILE -w /dev/null` on the same file, in one run on one machine. See docs/benchmarks.md.
#
#   bench/run.sh [--reps N] [--quick] [--aggregate] [--no-scale]
#
#   --reps N     repetitions of each measurement, alternating between them (default 5); medians are reported
#   --quick      3 repetitions and short JMH runs (-wi 1 -i 2): a rough figure in a few minutes
#   --aggregate  also run the aggregation-only JMH benchmark once (needs about 6 GB of heap)
#   --no-scale   skip the 10-million-sources-in-2-GB check
#
# Environment: CAPTURE (default bench/target/capture/bench-10m.pcap, generated once and reused), PACKETS (packets to
# generate, default 10000000), JMH_ARGS (default "-f 1 -wi 2 -i 5 -w 3s -r 3s"), PIPELINE_GEO (synthetic or none,
# default synthetic: the pipeline benchmark enriches sources with 100 countries and 5,000 ASes), JAVA_HOME.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

reps=5
jmh_args="${JMH_ARGS:--f 1 -wi 2 -i 5 -w 3s -r 3s}"
run_aggregate=0
run_scale=1
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps="$2"; shift 2 ;;
    --quick) reps=3; jmh_args="${JMH_ARGS:--f 1 -wi 1 -i 2 -w 2s -r 2s}"; shift ;;
    --aggregate) run_aggregate=1; shift ;;
    --no-scale) run_scale=0; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done

capture="${CAPTURE:-bench/target/capture/bench-10m.pcap}"
packets="${PACKETS:-10000000}"
geo="${PIPELINE_GEO:-synthetic}"
jar="bench/target/benchmarks.jar"
results="bench/target/results"
mkdir -p "$results"

say() { printf '\n== %s\n' "$*"; }

if [ -z "${JAVA_HOME:-}" ]; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/javac" ]; then JAVA_HOME="$candidate"; break; fi
  done
fi
export JAVA_HOME
java="$JAVA_HOME/bin/java"
tcpdump="$(command -v tcpdump || echo /usr/bin/tcpdump)"
if [ ! -x "$tcpdump" ]; then
  echo "tcpdump is needed: apt-get install -y tcpdump" >&2
  exit 3
fi

# --- build (only when the benchmark jar is missing or older than a source of the modules it contains)
stale="$(find core/src/main aggregate/src/main telescope/src/main bench/src/main bench/pom.xml pom.xml \
  -type f -newer "$jar" -print -quit 2>/dev/null || true)"
if [ ! -f "$jar" ] || [ -n "$stale" ]; then
  say "building the benchmarks (mvn install -pl bench -am)"
  if ! mvn -B -q -o install -DskipTests -pl bench -am; then
    mvn -B -q install -DskipTests -pl bench -am # once online, for dependencies not yet in ~/.m2
  fi
fi

# --- the capture, generated once
if [ ! -f "$capture" ]; then
  say "generating $capture ($packets packets)"
  "$java" -cp "$jar" org.kizashi.bench.BenchCapture --packets "$packets" "$capture"
elif [ -z "${PACKETS:-}" ] && [ "$capture" != "bench/target/capture/bench-10m.pcap" ]; then
  say "counting the packets of $capture"
  packets="$("$tcpdump" -nn -q -r "$capture" 2>/dev/null | wc -l)"
fi
say "warming the page cache"
cat "$capture" > /dev/null
size_mb=$(( $(stat -c %s "$capture") / 1000000 ))

# --- is there a kizashi telescope analyze?
analyze_note=""
analyze_ok() { ./kizashi telescope analyze --help > /dev/null 2>&1; }
if ! analyze_ok; then
  analyze_note="skipped: './kizashi telescope analyze' is not available (not built yet, or the build fails)"
fi

now_ns() { date +%s%N; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
jmh_packets() { # the score of <benchmark>:packets in a JMH CSV result
  awk -F, -v name="$2" 'index($1, name ":packets") { gsub(/"/, "", $5); print $5 }' "$1" | head -n1
}

: > "$results/tcpdump.txt"; : > "$results/analyze.txt"; : > "$results/parse.txt"; : > "$results/pipeline.txt"
for rep in $(seq 1 "$reps"); do
  say "repetition $rep of $reps"
  start=$(now_ns)
  "$tcpdump" -r "$capture" -w /dev/null 2> /dev/null
  seconds=$(awk -v a="$start" -v b="$(now_ns)" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
  echo "$seconds" >> "$results/tcpdump.txt"
  echo "tcpdump -r -w /dev/null: $seconds s"

  if [ -z "$analyze_note" ]; then
    analyze_ok || true # a rebuild by the launcher happens here, not inside the measurement
    start=$(now_ns)
    if ./kizashi telescope analyze "$capture" --darknet 198.18.0.0/15 --darknet 2001:db8:4b00::/48 \
        --json /dev/null > "$results/analyze-$rep.log" 2>&1; then
      seconds=$(awk -v a="$start" -v b="$(now_ns)" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
      echo "$seconds" >> "$results/analyze.txt"
      echo "kizashi telescope analyze (whole process): $seconds s"
    else
      analyze_note="failed: see $results/analyze-$rep.log"
      echo "kizashi telescope analyze $analyze_note"
    fi
  fi

  # shellcheck disable=SC2086
  "$java" -jar "$jar" 'ParseBenchmark.readAndDecode' $jmh_args -jvmArgsAppend "-Dkizashi.bench.capture=$capture" \
    -rf csv -rff "$results/parse-$rep.csv" > "$results/parse-$rep.log" 2>&1
  score=$(jmh_packets "$results/parse-$rep.csv" readAndDecode)
  echo "$score" >> "$results/parse.txt"
  echo "JMH read + decode: $score packets/s"

  # shellcheck disable=SC2086
  "$java" -jar "$jar" 'PipelineBenchmark.analyze' -p geo="$geo" $jmh_args \
    -jvmArgsAppend "-Dkizashi.bench.capture=$capture" -rf csv -rff "$results/pipeline-$rep.csv" \
    > "$results/pipeline-$rep.log" 2>&1
  score=$(jmh_packets "$results/pipeline-$rep.csv" analyze)
  echo "$score" >> "$results/pipeline.txt"
  echo "JMH full pipeline (geo=$geo): $score packets/s"
done

aggregate_line=""
if [ "$run_aggregate" = 1 ]; then
  say "aggregation only (JMH, once)"
  # shellcheck disable=SC2086
  "$java" -jar "$jar" 'AggregateBenchmark.aggregate' $jmh_args -jvmArgsAppend "-Dkizashi.bench.capture=$capture" \
    -rf csv -rff "$results/aggregate.csv" > "$results/aggregate.log" 2>&1
  score=$(jmh_packets "$results/aggregate.csv" aggregate)
  aggregate_line=$(awk -v s="$score" 'BEGIN { printf "%-44s %14.0f %10.1f ns/packet\n", "JMH aggregate only (DarknetAggregator.add)", s, 1e9 / s }')
fi

scale_line=""
if [ "$run_scale" = 1 ]; then
  say "10 million distinct sources in a 2 GB heap"
  "$java" -Xmx2g -cp "$jar" org.kizashi.bench.ScaleCheck 10000000 | tee "$results/scale.log"
  scale_line="$(tail -n1 "$results/scale.log")"
fi

tcpdump_s=$(median < "$results/tcpdump.txt")
analyze_s=$(median < "$results/analyze.txt")
parse=$(median < "$results/parse.txt")
pipeline=$(median < "$results/pipeline.txt")

say "summary ($(date -u +%Y-%m-%dT%H:%MZ))"
echo "capture: $capture, $packets packets, $size_mb MB, page cache warm"
echo "JVM: $("$java" -version 2>&1 | head -n1) ($("$java" -version 2>&1 | sed -n 2p))"
echo "CPU: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1), $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "tcpdump: $("$tcpdump" --version 2>&1 | head -n1)"
echo "medians of $reps repetitions (JMH: $jmh_args, single thread):"
printf '%-44s %14s %10s\n' "measurement" "packets/s" "seconds"
awk -v n="$packets" -v s="$tcpdump_s" 'BEGIN { printf "%-44s %14.0f %10.3f\n", "tcpdump -r FILE -w /dev/null", n / s, s }'
if [ -s "$results/analyze.txt" ]; then
  awk -v n="$packets" -v s="$analyze_s" 'BEGIN { printf "%-44s %14.0f %10.3f\n", "kizashi telescope analyze (whole process)", n / s, s }'
else
  printf '%-44s %s\n' "kizashi telescope analyze (whole process)" "$analyze_note"
fi
awk -v p="$parse" -v n="$packets" 'BEGIN { printf "%-44s %14.0f %10.3f\n", "JMH read + decode (parse only)", p, n / p }'
awk -v p="$pipeline" -v n="$packets" -v g="$geo" 'BEGIN { printf "%-44s %14.0f %10.3f\n", "JMH full pipeline (geo=" g ")", p, n / p }'
[ -n "$aggregate_line" ] && echo "$aggregate_line"
if [ -s "$results/analyze.txt" ]; then
  awk -v a="$analyze_s" -v t="$tcpdump_s" 'BEGIN { printf "ratio analyze / tcpdump (wall time): %.2f (goal: at most 1)\n", a / t }'
fi
awk -v p="$pipeline" -v n="$packets" -v t="$tcpdump_s" 'BEGIN { printf "ratio JMH pipeline time / tcpdump: %.2f\n", (n / p) / t }'
[ -n "$scale_line" ] && echo "10 M sources in -Xmx2g: $scale_line"
echo "raw figures and logs: $results/"
