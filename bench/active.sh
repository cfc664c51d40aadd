#!/usr/bin/env bash
# Kizashi ACTIVE benchmarks, for a million list entries (see docs/benchmarks.md): RPZ build and validation (goal: at
# most 10 s), a full transfer to Unbound from our primary against BIND (goal: no slower than BIND), in-process lookups
# (goal: at least 1,000,000 a second per core) and memory (goal: at most 150 bytes an entry). In one run on one machine.
#
#   bench/active.sh [--reps N] [--quick] [--entries N] [--no-transfer] [--no-jmh]
#
#   --reps N             repetitions of each timed measurement, alternating between the compared ones (default 5);
#                        medians are reported
#   --quick              3 repetitions and short JMH runs (-wi 1 -i 2 -w 2s -r 2s): a rough figure in about 10 minutes
#   --entries N          list entries (default 1000000, the issue's size; smaller only to try the script out)
#   --no-transfer        skip the transfer benchmark (it needs named and unbound: apt-get install bind9 unbound)
#   --no-jmh             skip the lookup benchmark
#
# Environment: JMH_ARGS (default "-f 1 -wi 6 -i 5 -w 3s -r 3s"), JAVA_OPTS (for the two mains), JAVA_HOME.
# The list is generated once to bench/target/active/active-list-N.txt and reused; raw output goes to
# bench/target/results/active/.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

reps=5
entries=1000000
# Six warm-up iterations: the URL canonicaliser is still being compiled after two (0.4 M/s, then 1.3 M/s).
jmh_args="${JMH_ARGS:--f 1 -wi 6 -i 5 -w 3s -r 3s}"
transfer_args=()
run_transfer=1
run_jmh=1
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps="$2"; shift 2 ;;
    --quick) reps=3; jmh_args="${JMH_ARGS:--f 1 -wi 1 -i 2 -w 2s -r 2s}"; shift ;;
    --entries) entries="$2"; shift 2 ;;
    --no-transfer) run_transfer=0; shift ;;
    --no-jmh) run_jmh=0; shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done

jar="bench/target/benchmarks.jar"
work="bench/target/active"
results="bench/target/results/active"
mkdir -p "$work" "$results"

say() { printf '\n== %s\n' "$*" >&2; }

if [ -z "${JAVA_HOME:-}" ]; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/javac" ]; then JAVA_HOME="$candidate"; break; fi
  done
fi
export JAVA_HOME
java="$JAVA_HOME/bin/java"
# shellcheck disable=SC2206
java_opts=(${JAVA_OPTS:-})

# --- build (only when the benchmark jar is missing or older than a source of the modules it needs)
stale="$(find core/src/main active/src/main bench/src/main bench/pom.xml active/pom.xml pom.xml \
  -type f -newer "$jar" -print -quit 2>/dev/null || true)"
if [ ! -f "$jar" ] || [ -n "$stale" ]; then
  say "building the benchmarks (mvn install -pl bench -am)"
  if ! mvn -B -q -o install -DskipTests -pl bench -am > "$results/build.log" 2>&1 \
      && ! mvn -B -q install -DskipTests -pl bench -am >> "$results/build.log" 2>&1; then
    if [ -f "$jar" ]; then
      echo "the build failed (see $results/build.log); using the existing $jar" >&2
    else
      tail -n 30 "$results/build.log" >&2
      exit 3
    fi
  fi
fi
# A copy of the jar, so that builds by others during the run cannot change it under the benchmarks.
cp "$jar" "$work/benchmarks.jar"
jar="$work/benchmarks.jar"
classpath="$jar"
# The shaded jar's manifest may lack "Multi-Release: true": then dnsjava's Java 11+ classes (among them the
# InetAddress resolver provider its service file names) are not seen, and a JMH fork dies when it resolves a name.
# Those classes, extracted ahead of the jar on the class path, stand in.
if ! unzip -p "$jar" META-INF/MANIFEST.MF | grep -q '^Multi-Release: true'; then
  rm -rf "$work/multi-release"
  mkdir -p "$work/multi-release"
  (cd "$work/multi-release" && unzip -q -o "$root/$jar" 'META-INF/versions/11/org/xbill/*' \
    'META-INF/versions/18/org/xbill/*' && cp -r META-INF/versions/11/org . && cp -r META-INF/versions/18/org . \
    && rm -rf META-INF)
  classpath="$work/multi-release:$jar"
fi

now_utc() { date -u +%Y-%m-%dT%H:%MZ; }
started="$(now_utc)"

# --- 1 and 4: build and validation; memory
say "RPZ build and validation, $reps repetitions; memory per entry"
"$java" "${java_opts[@]}" -cp "$classpath" org.kizashi.bench.RpzBuild --reps "$reps" --entries "$entries" \
  | tee "$results/rpz-build.log"

# --- 2: transfers
if [ "$run_transfer" = 1 ]; then
  say "full transfer: our primary against BIND, raw and to a fresh Unbound, $reps repetitions"
  "$java" -Xmx4g "${java_opts[@]}" -cp "$classpath" org.kizashi.bench.RpzTransfer --reps "$reps" \
    --entries "$entries" "${transfer_args[@]}" | tee "$results/rpz-transfer.log"
fi

# --- 3: lookups
if [ "$run_jmh" = 1 ]; then
  say "lookups (JMH, one thread: $jmh_args)"
  # shellcheck disable=SC2086
  "$java" -cp "$classpath" org.openjdk.jmh.Main 'ActiveLookupBenchmark' $jmh_args -p entries="$entries" \
    -p urlEntries="$entries" -rf csv -rff "$results/lookup.csv" | tee "$results/lookup.log"
fi

say "summary ($started to $(now_utc))"
echo "entries: $entries; repetitions: $reps"
echo "JVM: $("$java" -version 2>&1 | head -n1) ($("$java" -version 2>&1 | sed -n 2p))"
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
echo "CPU: $cpu, $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$run_transfer" = 1 ]; then
  echo "BIND: $(/usr/sbin/named -v 2>&1 | head -n1); Unbound: $(/usr/sbin/unbound -V 2>&1 | head -n1)"
fi
sed -n 's/^SUMMARY //p' "$results/rpz-build.log"
if [ "$run_transfer" = 1 ]; then
  sed -n 's/^SUMMARY //p' "$results/rpz-transfer.log"
fi
if [ "$run_jmh" = 1 ]; then
  awk -F, 'NR > 1 { gsub(/"/, ""); n = split($1, parts, ".")
    error = ($6 == "NaN" || $6 == "") ? "" : sprintf(" ± %.0f", $6)
    printf "JMH %s: %.0f %s%s, one thread (goal: at least 1,000,000 ops/s)\n", parts[n], $5, $7, error }' \
    "$results/lookup.csv"
fi
echo "raw figures and logs: $results/ and $work/"
