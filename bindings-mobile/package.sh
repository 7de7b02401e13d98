#!/usr/bin/env bash
# Packages the generated bindings (see generate.py) as an app depends on them:
#   - a JVM jar: the Kotlin bindings and idioms compiled, and the host's native library under
#     JNA's resource prefix (linux-x86-64/…), which JNA loads from the class path — a JVM
#     project needs this jar and JNA, nothing else;
#   - a Swift package: Package.swift beside the generated Swift, the C module of the FFI
#     header, and the library to link.
# Usage: package.sh OUT_DIR LIBRARY (KOTLIN_HOME and JNA_JAR set, as tests/tools.sh sets them).
set -euo pipefail
OUT="$1"
LIB="$2"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

classes="$OUT/jar-classes"
rm -rf "$classes" && mkdir -p "$classes"
"$KOTLIN_HOME/bin/kotlinc" -nowarn -cp "$JNA_JAR" -d "$classes" "$OUT"/uniffi/projectledger/*.kt
# JNA's own name for this platform (linux-x86-64, linux-aarch64, darwin-aarch64, …).
prefix="$(java -cp "$JNA_JAR" "$HERE/kotlin/ResourcePrefix.java")"
mkdir -p "$classes/$prefix"
cp "$LIB" "$classes/$prefix/"
jar cf "$OUT/projectledger-kotlin.jar" -C "$classes" .
echo "JVM jar: $OUT/projectledger-kotlin.jar (native library for $prefix)"

swift="$OUT/swift-package"
rm -rf "$swift" && mkdir -p "$swift/Sources/ProjectLedger" "$swift/Sources/projectledgerFFI/include"
cp "$OUT/projectledger.swift" "$OUT/Idioms.swift" "$swift/Sources/ProjectLedger/"
cp "$OUT/projectledgerFFI.h" "$swift/Sources/projectledgerFFI/include/"
cp "$OUT/projectledgerFFI.modulemap" "$swift/Sources/projectledgerFFI/include/module.modulemap"
cp "$HERE/swift/Package.swift" "$swift/Package.swift"
mkdir -p "$swift/lib" && cp "$LIB" "$swift/lib/"
echo "Swift package: $swift"
