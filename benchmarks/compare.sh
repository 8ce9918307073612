#!/usr/bin/env bash
# Compares the qmp tool (samples/target/qmp, built by `mvn package`) with minimal reference QMP
# clients against one QEMU, in one run: rounds in which each client takes its turn, so that all
# of them see the same machine, then the medians over the rounds and the ratios that matter.
#
# usage: benchmarks/compare.sh [--clients DIR] [--rounds R] [--count N] [--oneshots K]
#   --clients DIR  where rawc.c, raw_py.py and RawJava.java are (default: $QMP4J_REFERENCE_CLIENTS)
#   --rounds R     rounds (default 3)
#   --count N      commands per throughput run (default 20000)
#   --oneshots K   one-shot runs of each one-shot client per round (default 10)
#
# Each round runs, in this order: raw C sequential, RawJava sequential, qmp bench sequential, raw
# Python pipelined with oob, qmp bench pipelined, qmp bench sequential and pipelined again with
# --in-band-ids (by default qmp sends no in-band ids, nor do raw C and raw Python; RawJava does),
# qmp bench pipelined with --oob-probe query-yank (exec-oob round trips while up to 1,000 in-band
# commands wait), then K times each one-shot, alternating (wall time of the whole process): the
# raw Python one-shot run by the interpreter itself (python -S, without the site module), the
# same with site, the same as its README writes it (python3 -S from PATH, which may be a wrapper
# such as pyenv's shim), the qmp exec one-shot, and oneshot/MinimalOneShot.java (one blocking
# channel and Gson, nothing else: the JVM's floor) with the qmp launcher's JVM options and a
# class-data archive of its own. QEMU is
# $QMP4J_QEMU_BINARY, else qemu-system-x86_64 from PATH, started with -machine none; java is
# $JAVA_HOME/bin/java, else java from PATH; python is the interpreter python3 runs; the Gson jar
# comes from the local Maven repository. Needs bash 5, gcc and python3. Leaves nothing behind:
# QEMU is stopped and the temporary directory removed on any exit.
set -euo pipefail
shopt -s inherit_errexit

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
clients=${QMP4J_REFERENCE_CLIENTS:-}
rounds=3
count=20000
oneshots=10

usage() {
  if [[ $1 == 0 ]]; then
    sed -n '6,10s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
  else
    sed -n '6,10s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
  fi
  exit "$1"
}
fail() {
  echo "compare.sh: $*" >&2
  exit 1
}
while [[ $# -gt 0 ]]; do
  case $1 in
    --clients) clients=${2:?}; shift 2 ;;
    --rounds) rounds=${2:?}; shift 2 ;;
    --count) count=${2:?}; shift 2 ;;
    --oneshots) oneshots=${2:?}; shift 2 ;;
    -h|--help) usage 0 ;;
    *) usage 2 ;;
  esac
done
for n in "$rounds" "$count" "$oneshots"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || fail "--rounds, --count and --oneshots take a number from 1 up, got '$n'"
done
[[ -n ${EPOCHREALTIME:-} ]] || fail "needs bash 5 (EPOCHREALTIME), this is bash $BASH_VERSION"
[[ -n $clients ]] || fail "where are rawc.c, raw_py.py and RawJava.java? Give --clients DIR or set QMP4J_REFERENCE_CLIENTS"
for file in rawc.c raw_py.py RawJava.java; do
  [[ -f $clients/$file ]] || fail "no $file in $clients"
done
qmp=$root/samples/target/qmp
[[ -x $qmp ]] || fail "no $qmp: build it first with: mvn -B -ntp -q package -DskipTests"
qemu=${QMP4J_QEMU_BINARY:-$(command -v qemu-system-x86_64 || true)}
[[ -n $qemu && -x $qemu ]] || fail "no QEMU: install qemu-system-x86_64 or set QMP4J_QEMU_BINARY"
java=java javac=javac jar=jar
if [[ -n ${JAVA_HOME:-} ]]; then
  java=$JAVA_HOME/bin/java javac=$JAVA_HOME/bin/javac jar=$JAVA_HOME/bin/jar
fi
# The interpreter itself: a python3 on PATH may be a wrapper (pyenv's shim is a bash script that
# costs a one-shot more than Python does).
python=$(python3 -c 'import sys; print(sys.executable)') || fail "no python3"
gson_version=$(sed -n 's:.*<gson.version>\(.*\)</gson.version>.*:\1:p' "$root/pom.xml")
gson=${MAVEN_REPOSITORY:-$HOME/.m2/repository}/com/google/code/gson/gson/$gson_version/gson-$gson_version.jar
[[ -f $gson ]] || fail "no $gson: build the project once (mvn -B -ntp -q package -DskipTests)"

tmp=$(mktemp -d)
qemu_pid=
cleanup() {
  if [[ -n $qemu_pid ]]; then
    kill "$qemu_pid" 2>/dev/null || true
    wait "$qemu_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

gcc -O2 -pthread -o "$tmp/rawc" "$clients/rawc.c"
socket=$tmp/qmp.sock
# QEMU's stderr goes to a file: it would say "terminating on signal 15" when stopped at the end.
"$qemu" -machine none -nodefaults -display none -S -qmp "unix:$socket,server=on,wait=off" 2>"$tmp/qemu.err" &
qemu_pid=$!
for _ in $(seq 200); do
  [[ -S $socket ]] && break
  kill -0 "$qemu_pid" 2>/dev/null || fail "$qemu exited before it made its QMP socket: $(cat "$tmp/qemu.err")"
  sleep 0.05
done
[[ -S $socket ]] || fail "$qemu made no QMP socket within 10 s"

# The minimal Java one-shot, in a jar with a class-data archive of its own made by one run (as the
# qmp launcher's is), and run with the launcher's JVM options.
"$javac" -d "$tmp/minimal" -cp "$gson" "$root/benchmarks/oneshot/MinimalOneShot.java"
"$jar" cf "$tmp/minimal-oneshot.jar" -C "$tmp/minimal" .
minimal_java=("$java" -XX:SharedArchiveFile="$tmp/minimal-oneshot.jsa" -Xshare:auto -Xlog:disable
  -Xlog:all=warning,cds*=off:stderr -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=10 -XX:-UsePerfData
  -cp "$tmp/minimal-oneshot.jar:$gson" MinimalOneShot "$socket")
"$java" -XX:ArchiveClassesAtExit="$tmp/minimal-oneshot.jsa" -Xlog:disable -cp "$tmp/minimal-oneshot.jar:$gson" \
  MinimalOneShot "$socket" >/dev/null
[[ -f $tmp/minimal-oneshot.jsa ]] || fail "$java made no class-data archive for MinimalOneShot"

# The rate a reference client prints: RESULT ... cps=R.
cps() {
  sed -n 's/^RESULT .* cps=\([0-9.]*\).*/\1/p' | awk '{ printf "%d", $1 + 0.5 }'
}
# qmp bench's rate (last line: N commands in T ms: R/s) and its latency line.
qmp_bench() {
  local out
  out=$("$qmp" bench --socket "$socket" --count "$count" "$@")
  sed -n 's/^latency, send to reply: p50 \([0-9.]*\) ms, p99 \([0-9.]*\) ms$/\1 \2/p' <<<"$out" | tr '\n' ' '
  tail -n 1 <<<"$out" | sed -n 's:^[0-9]* commands in [0-9]* ms\: \([0-9]*\)/s$:\1:p'
}
# qmp bench pipelined with an out-of-band probe: the probe's p50 and p99 round trip in ms.
oob_probe() {
  "$qmp" bench --socket "$socket" --count "$count" --mode pipelined --oob-probe query-yank |
    sed -n 's/^out of band, .* round trips, p50 \([0-9.]*\) ms, p99 \([0-9.]*\) ms, .*$/\1 \2/p'
}
# Wall time of a command in ms.
wall_ms() {
  local start=$EPOCHREALTIME
  "$@" >/dev/null
  awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", (b - a) * 1000 }'
}
median() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "compare: $("$qemu" --version | head -n 1) ($qemu), $rounds rounds of $count commands, $oneshots one-shots of each per round"
echo "clients: $qmp, $("$java" -version 2>&1 | head -n 1) ($java), $python, gcc -O2"
declare -A results
record() {
  results[$1]+="$2"$'\n'
}
for round in $(seq "$rounds"); do
  rawc_seq=$("$tmp/rawc" "$socket" seq "$count" | cps)
  rawjava_seq=$("$java" -cp "$gson" "$clients/RawJava.java" "$socket" "$count" | cps)
  qmp_seq=$(qmp_bench --mode sequential)
  read -r qmp_seq_p50 qmp_seq_p99 qmp_seq <<<"$qmp_seq"
  rawpy_pipe=$("$python" -S "$clients/raw_py.py" "$socket" pipe "$count" --oob | cps)
  qmp_pipe=$(qmp_bench --mode pipelined)
  read -r qmp_pipe_p50 qmp_pipe_p99 qmp_pipe <<<"$qmp_pipe"
  qmp_seq_ids=$(qmp_bench --mode sequential --in-band-ids)
  read -r _ _ qmp_seq_ids <<<"$qmp_seq_ids"
  qmp_pipe_ids=$(qmp_bench --mode pipelined --in-band-ids)
  read -r _ _ qmp_pipe_ids <<<"$qmp_pipe_ids"
  read -r oob_p50 oob_p99 <<<"$(oob_probe)"
  py_oneshots=() py_site_oneshots=() py_path_oneshots=() qmp_oneshots=() java_oneshots=()
  for _ in $(seq "$oneshots"); do
    py_oneshots+=("$(wall_ms "$python" -S "$clients/raw_py.py" "$socket" oneshot 1)")
    py_site_oneshots+=("$(wall_ms "$python" "$clients/raw_py.py" "$socket" oneshot 1)")
    py_path_oneshots+=("$(wall_ms python3 -S "$clients/raw_py.py" "$socket" oneshot 1)")
    qmp_oneshots+=("$(wall_ms "$qmp" exec --socket "$socket" query-status)")
    java_oneshots+=("$(wall_ms "${minimal_java[@]}")")
  done
  py_oneshot=$(printf '%s\n' "${py_oneshots[@]}" | median)
  py_site_oneshot=$(printf '%s\n' "${py_site_oneshots[@]}" | median)
  py_path_oneshot=$(printf '%s\n' "${py_path_oneshots[@]}" | median)
  qmp_oneshot=$(printf '%s\n' "${qmp_oneshots[@]}" | median)
  java_oneshot=$(printf '%s\n' "${java_oneshots[@]}" | median)
  echo "round $round: raw C seq $rawc_seq/s, RawJava seq $rawjava_seq/s, qmp seq $qmp_seq/s," \
    "raw Python pipe+oob $rawpy_pipe/s, qmp pipelined $qmp_pipe/s," \
    "with in-band ids: qmp seq $qmp_seq_ids/s, qmp pipelined $qmp_pipe_ids/s," \
    "exec-oob round trip behind 1,000 in-band commands p50 $oob_p50 ms, p99 $oob_p99 ms," \
    "one-shot medians: raw Python $py_oneshot ms (with site $py_site_oneshot ms, python3 from PATH" \
    "$py_path_oneshot ms), qmp $qmp_oneshot ms, minimal Java $java_oneshot ms"
  record rawc_seq "$rawc_seq"
  record rawjava_seq "$rawjava_seq"
  record qmp_seq "$qmp_seq"
  record qmp_seq_p50 "$qmp_seq_p50"
  record qmp_seq_p99 "$qmp_seq_p99"
  record rawpy_pipe "$rawpy_pipe"
  record qmp_pipe "$qmp_pipe"
  record qmp_pipe_p50 "$qmp_pipe_p50"
  record qmp_pipe_p99 "$qmp_pipe_p99"
  record qmp_seq_ids "$qmp_seq_ids"
  record qmp_pipe_ids "$qmp_pipe_ids"
  record oob_p50 "$oob_p50"
  record oob_p99 "$oob_p99"
  for ms in "${py_oneshots[@]}"; do record py_oneshot "$ms"; done
  for ms in "${py_site_oneshots[@]}"; do record py_site_oneshot "$ms"; done
  for ms in "${py_path_oneshots[@]}"; do record py_path_oneshot "$ms"; done
  for ms in "${qmp_oneshots[@]}"; do record qmp_oneshot "$ms"; done
  for ms in "${java_oneshots[@]}"; do record java_oneshot "$ms"; done
done

# The median of a result, in a printf format.
m() {
  printf '%s' "${results[$1]}" | median | awk -v format="$2" '{ printf format, $1 }'
}
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
}
echo
echo "medians over $rounds rounds (one-shots: over all $((rounds * oneshots)) runs of each)"
printf '  %-34s %10s/s\n' "raw C, sequential" "$(m rawc_seq %.0f)" \
  "RawJava, sequential" "$(m rawjava_seq %.0f)" \
  "qmp bench, sequential" "$(m qmp_seq %.0f)" \
  "raw Python, pipelined with oob" "$(m rawpy_pipe %.0f)" \
  "qmp bench, pipelined" "$(m qmp_pipe %.0f)" \
  "qmp bench, seq, --in-band-ids" "$(m qmp_seq_ids %.0f)" \
  "qmp bench, pipe, --in-band-ids" "$(m qmp_pipe_ids %.0f)"
printf '  %-34s %10s ms\n' "qmp bench sequential latency p50" "$(m qmp_seq_p50 %.3f)" \
  "qmp bench sequential latency p99" "$(m qmp_seq_p99 %.3f)" \
  "qmp bench pipelined latency p50" "$(m qmp_pipe_p50 %.3f)" \
  "qmp bench pipelined latency p99" "$(m qmp_pipe_p99 %.3f)" \
  "exec-oob behind 1,000 in-band, p50" "$(m oob_p50 %.3f)" \
  "exec-oob behind 1,000 in-band, p99" "$(m oob_p99 %.3f)" \
  "raw Python one-shot, wall" "$(m py_oneshot %.1f)" \
  "Python + site one-shot, wall" "$(m py_site_oneshot %.1f)" \
  "python3 -S from PATH one-shot, wall" "$(m py_path_oneshot %.1f)" \
  "qmp exec one-shot, wall" "$(m qmp_oneshot %.1f)" \
  "minimal Java one-shot, wall" "$(m java_oneshot %.1f)"
echo "ratios"
printf '  %-34s %10s\n' "qmp/RawJava, sequential" "$(ratio "$(m qmp_seq %s)" "$(m rawjava_seq %s)")" \
  "qmp/raw C, sequential" "$(ratio "$(m qmp_seq %s)" "$(m rawc_seq %s)")" \
  "qmp/raw Python, pipelined" "$(ratio "$(m qmp_pipe %s)" "$(m rawpy_pipe %s)")" \
  "qmp/RawJava, seq, both with ids" "$(ratio "$(m qmp_seq_ids %s)" "$(m rawjava_seq %s)")" \
  "qmp/raw Python, pipe, qmp with ids" "$(ratio "$(m qmp_pipe_ids %s)" "$(m rawpy_pipe %s)")" \
  "one-shot wall, qmp/raw Python" "$(ratio "$(m qmp_oneshot %s)" "$(m py_oneshot %s)")" \
  "one-shot wall, qmp/Python + site" "$(ratio "$(m qmp_oneshot %s)" "$(m py_site_oneshot %s)")" \
  "one-shot wall, qmp/python3 from PATH" "$(ratio "$(m qmp_oneshot %s)" "$(m py_path_oneshot %s)")" \
  "one-shot wall, qmp/minimal Java" "$(ratio "$(m qmp_oneshot %s)" "$(m java_oneshot %s)")" \
  "one-shot wall, minimal Java/raw Python" "$(ratio "$(m java_oneshot %s)" "$(m py_oneshot %s)")"
