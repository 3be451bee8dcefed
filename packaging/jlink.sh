#!/usr/bin/env bash
# Builds a trimmed Java runtime that carries Kamishop: packaging/jlink.sh [OUT_DIR]
# The result runs without an installed JDK: OUT_DIR/bin/kamishop --demo
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-app/target/kamishop-runtime}"
jar="app/target/kamishop.jar"
[ -f "$jar" ] || ./mvnw -q -DskipTests package

# What the jar itself needs, plus what plugins loaded at run time commonly use (HTTP client,
# elliptic-curve TLS, zip file systems, locale data for zh-CN formatting, JMX for metrics).
found=$(jdeps --ignore-missing-deps --multi-release 17 --print-module-deps "$jar" 2>/dev/null || true)
extra="java.net.http,java.sql,java.management,jdk.management,jdk.crypto.ec,jdk.zipfs,jdk.localedata,jdk.unsupported,jdk.naming.dns"
modules=$(echo "${found:+$found,}$extra" | tr ',' '\n' | sort -u | paste -sd, -)

rm -rf "$out"
# --generate-cds-archive: the runtime's own class-data archive, which the store's archive extends.
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 --generate-cds-archive --output "$out"
mkdir -p "$out/lib/kamishop"
cp "$jar" "$out/lib/kamishop/kamishop.jar"
cat > "$out/bin/kamishop" <<'LAUNCHER'
#!/bin/sh
here="$(cd "$(dirname "$0")/.." && pwd)"
jar="$here/lib/kamishop/kamishop.jar"
jsa="$here/lib/kamishop/kamishop.jsa"
# The small-VPS settings of docs/performance.md (peak RSS under load within 256 MB); override with
# KAMISHOP_JAVA_OPTS on a bigger machine. TieredStopAtLevel=1 (the quick C1 compiler only): C2's
# compilations took a core for the first minutes of load and ~50 MB of native memory; C1's code
# delivers ~15% fewer payments per second at saturation, far beyond what a small store sees. Drop
# it for peak throughput. One malloc arena: glibc's default of 8 per core only fragments the little
# native memory SQLite and zlib use.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-1}"
# The class-data archive bin/kamishop-cds made (docs/performance.md, "Start-up"): about a second
# sooner on 2 cores. Java 17 uses it only with the jar at the very path it was made with, so it is
# passed only when it was made here (after moving the runtime, run bin/kamishop-cds again). A stale
# or mismatched archive never stops the store: the JVM warns and loads the classes as usual.
cds=""
[ -f "$jsa" ] && [ "$(cat "$jsa.for" 2>/dev/null)" = "$jar" ] && cds=1
exec "$here/bin/java" ${KAMISHOP_JAVA_OPTS:--Xms32m -Xmx128m -Xmn12m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -XX:MaxMetaspaceSize=128m -XX:+ExitOnOutOfMemoryError} \
  ${cds:+"-XX:SharedArchiveFile=$jsa"} -jar "$jar" "$@"
LAUNCHER
cat > "$out/bin/kamishop-cds" <<'TRAINING'
#!/bin/sh
# (Re)makes lib/kamishop/kamishop.jsa, the class-data archive bin/kamishop starts faster with: a
# training run (kamishop cds-training: a throw-away demo store on a temporary data dir, a few pages)
# after which the JVM writes the classes it loaded, parsed and verified. Takes some 15 s; touches no
# data dir. Same JVM options as the launcher's defaults, so the archive matches them.
here="$(cd "$(dirname "$0")/.." && pwd)"
jar="$here/lib/kamishop/kamishop.jar"
jsa="$here/lib/kamishop/kamishop.jsa"
log="$here/lib/kamishop/cds-training.log"
rm -f "$jsa" "$jsa.for"
if MALLOC_ARENA_MAX=1 "$here/bin/java" -Xms32m -Xmx128m -Xmn12m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -XX:MaxMetaspaceSize=128m \
    -XX:ArchiveClassesAtExit="$jsa" -jar "$jar" cds-training > "$log" 2>&1 && [ -f "$jsa" ]; then
  echo "$jar" > "$jsa.for"
  echo "class-data archive written: $jsa"
else
  rm -f "$jsa"
  echo "warning: the class-data training run failed (see $log); kamishop works, only starts slower" >&2
  exit 1
fi
TRAINING
chmod +x "$out/bin/kamishop" "$out/bin/kamishop-cds"
"$out/bin/kamishop-cds" || true
echo "runtime image in $out ($(du -sh "$out" | cut -f1)); modules: $modules"
