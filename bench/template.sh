#!/usr/bin/env bash
# Minimal-ISO template build time against xorriso's replay of the same edit (docs/benchmarks.md,
# "Minimal-ISO template build"). Needs JDK 17, Maven and xorriso. Everything is written below
# target/bench/template; the base ISO (about 1.1 GiB: 1 GiB random rootfs, 100 MiB random initrd) is
# built once and reused.
#
#   bench/template.sh [REPS]      (default 5; runs alternate: ours, xorriso, ours, xorriso, ...)
#
# Set BENCH_SKIP_BUILD=1 to reuse target/classes and target/test-classes; MVN_ARGS is passed to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-5}
command -v xorriso >/dev/null || { echo "bench: xorriso is not on PATH (Debian: apt-get install xorriso)" >&2; exit 1; }

work=target/bench/template
mkdir -p "$work/classes"
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q ${MVN_ARGS:-} -DskipTests test-compile
  mvn -B -q ${MVN_ARGS:-} dependency:build-classpath -Dmdep.outputFile="$work/deps.classpath" >/dev/null
fi
cp="target/classes:target/test-classes:$(cat "$work/deps.classpath")"
javac -d "$work/classes" -cp "$cp" bench/template/TemplateBench.java
run_java() { java -Xmx512m -cp "$work/classes:$cp" TemplateBench "$@"; }

base="$work/base.iso"
run_java base "$base" 1024
[ -f "$work/warmup.iso" ] || run_java warmup "$work/warmup.iso"
now() { date +%s%N; }
ours=() theirs=() inproc=()
for i in $(seq 1 "$reps"); do
  rm -f "$work/ours.iso" "$work/xorriso.iso"
  t0=$(now); line=$(run_java build "$base" "$work/ours.iso" "$work/warmup.iso"); t1=$(now)
  ours+=($(( (t1 - t0) / 1000000 )))
  inproc+=($(awk '{printf "%d", $2 * 1000}' <<<"$line"))
  t0=$(now)
  xorriso -indev "$base" -outdev "$work/xorriso.iso" -boot_image any replay -rm /images/pxeboot/rootfs.img \
    >/dev/null 2>&1
  t1=$(now)
  theirs+=($(( (t1 - t0) / 1000000 )))
  echo "rep $i: ours ${inproc[-1]} ms (whole JVM run incl. start-up and warm-up ${ours[-1]} ms), xorriso ${theirs[-1]} ms"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
m_ours=$(median "${inproc[@]}")
m_theirs=$(median "${theirs[@]}")
echo "base ISO: $(stat -c %s "$base") bytes; template: $(stat -c %s "$work/ours.iso") bytes; xorriso output: $(stat -c %s "$work/xorriso.iso") bytes"
echo "median: ours $m_ours ms (whole JVM run $(median "${ours[@]}") ms), xorriso $m_theirs ms, ratio ours/xorriso $(awk -v a="$m_ours" -v b="$m_theirs" 'BEGIN {printf "%.2f", a / b}')"
echo "cold (fresh JVM, first template, no warm-up): $(run_java build "$base" "$work/again.iso")"
cmp -s "$work/ours.iso" "$work/again.iso" && echo "two builds are byte-identical" || { echo "two builds differ" >&2; exit 1; }
rm -f "$work/again.iso"
rm -rf "$work/data"
run_java restart "$base" "$work/data" 2>/dev/null
