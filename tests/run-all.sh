#!/usr/bin/env bash
# Every test, on a fresh Debian machine with Rust and Python: installs what it needs
# (tests/tools.sh), then runs Rust (unit, properties, scenarios, doctests, clippy), Python
# (pytest against the built package, stubtest) and the Kotlin suite of the generated mobile
# bindings on the JVM; checks that the Swift bindings are generated.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
python_env
jvm_tools
cd "$ROOT"
# A whole run gains nothing from incremental caches, which took 2.4 GB of a clean run's disk.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

say "Rust: cargo test --workspace"
cargo test --workspace --locked

say "Rust: the same JSON when another crate turns on rust_decimal/serde-float (its own workspace)"
CARGO_TARGET_DIR="$ROOT/target/serde-float" cargo test --manifest-path "$ROOT/tests/serde-float/Cargo.toml" --locked

say "Rust: cargo clippy --workspace --all-targets"
cargo clippy --workspace --all-targets --locked -- -D warnings

python_package
say "Python: pytest"
python -m pytest -q -p no:cacheprovider bindings-python/tests
say "Python: mypy.stubtest (the .pyi stub matches the native module)"
python -m mypy.stubtest projectledger._native

say "Mobile: generating Kotlin and Swift bindings"
cargo build --workspace --locked
GEN="$ROOT/target/mobile-bindings"
rm -rf "$GEN" && mkdir -p "$GEN"
python "$ROOT/bindings-mobile/generate.py" "$ROOT/target/debug/uniffi-bindgen" "$ROOT/target/debug/libprojectledger_mobile.so" "$GEN"
for f in projectledger.swift Idioms.swift projectledgerFFI.h projectledgerFFI.modulemap uniffi/projectledger/projectledger.kt uniffi/projectledger/Idioms.kt; do
    [ -s "$GEN/$f" ] || { echo "missing generated binding $f" >&2; exit 1; }
done
grep -q 'public typealias Decimal = Foundation.Decimal' "$GEN/projectledger.swift" \
    || { echo "Swift bindings do not map Decimal to Foundation.Decimal" >&2; exit 1; }
echo "Swift bindings generated: $(ls "$GEN" | grep -v uniffi | tr '\n' ' ')"

say "Mobile: packaging the JVM jar (bindings + native library) and the Swift package"
bash "$ROOT/bindings-mobile/package.sh" "$GEN" "$ROOT/target/debug/libprojectledger_mobile.so"
for f in projectledger-kotlin.jar swift-package/Package.swift swift-package/Sources/ProjectLedger/Idioms.swift swift-package/Sources/projectledgerFFI/include/module.modulemap; do
    [ -s "$GEN/$f" ] || { echo "missing package file $f" >&2; exit 1; }
done

say "Kotlin: compiling the README quick start and the test suite against the jar"
python "$ROOT/tests/extract_readme.py" kotlin "$GEN/ReadmeQuickstart.kt"
"$KOTLIN_HOME/bin/kotlinc" -nowarn -cp "$GEN/projectledger-kotlin.jar:$JNA_JAR" -include-runtime -d "$GEN/kotlin-tests.jar" \
    "$ROOT"/bindings-mobile/kotlin-tests/*.kt "$GEN/ReadmeQuickstart.kt"
say "Kotlin: running on the JVM (the native library loaded from the jar, as an app's would be)"
java -cp "$GEN/kotlin-tests.jar:$GEN/projectledger-kotlin.jar:$JNA_JAR" projectledger.tests.MainKt "$ROOT/tests/scenarios"

say "all tests passed"
