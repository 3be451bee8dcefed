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
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 --output "$out"
mkdir -p "$out/lib/kamishop"
cp "$jar" "$out/lib/kamishop/kamishop.jar"
cat > "$out/bin/kamishop" <<'LAUNCHER'
#!/bin/sh
here="$(cd "$(dirname "$0")/.." && pwd)"
# The small-VPS settings of docs/performance.md (peak RSS under load within 256 MB); override with
# KAMISHOP_JAVA_OPTS on a bigger machine. Two malloc arenas: glibc's default of 8 per core only
# fragments the little native memory SQLite and zlib use.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec "$here/bin/java" ${KAMISHOP_JAVA_OPTS:--Xms32m -Xmx128m -XX:+UseSerialGC -Xss512k -XX:MaxMetaspaceSize=128m -XX:+ExitOnOutOfMemoryError} \
  -jar "$here/lib/kamishop/kamishop.jar" "$@"
LAUNCHER
chmod +x "$out/bin/kamishop"
echo "runtime image in $out ($(du -sh "$out" | cut -f1)); modules: $modules"
