# Sourced by tests/run-all.sh and examples/run.sh: installs what the runs need, idempotently,
# under .tools/ (git-ignored), and exports the paths. Needs only Rust and Python on Debian.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
VENV="$TOOLS/venv"
KOTLIN_VERSION="2.4.20"
mkdir -p "$TOOLS"

say() { printf '\n==> %s\n' "$*"; }

python_env() {
    if [ ! -x "$VENV/bin/python" ]; then
        say "creating the Python venv ($VENV)"
        python3 -m venv "$VENV"
    fi
    local want="maturin>=1.9,<2 pytest>=8 hypothesis>=6 mypy>=1.10 pandas>=2.2 pyarrow>=17 polars>=1.0 matplotlib>=3.8"
    if [ ! -f "$VENV/.installed" ] || [ "$(cat "$VENV/.installed")" != "$want" ]; then
        say "installing $want"
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check $want
        echo "$want" > "$VENV/.installed"
    fi
    export VIRTUAL_ENV="$VENV"
    export PATH="$VENV/bin:$PATH"
    # cargo test of the pyo3 crate links and loads this interpreter's libpython.
    export PYO3_PYTHON="$VENV/bin/python"
}

python_package() {
    say "building the Python package into the venv (maturin develop)"
    (cd "$ROOT/bindings-python" && maturin develop --quiet)
}

jvm_tools() {
    if [ ! -f /usr/share/java/jna.jar ]; then
        say "installing JNA (Debian libjna-java)"
        local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
        $sudo apt-get install -y -q libjna-java >/dev/null 2>&1 || { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q libjna-java >/dev/null; }
    fi
    JNA_JAR=/usr/share/java/jna.jar
    KOTLIN_HOME="$TOOLS/kotlin-compiler-$KOTLIN_VERSION"
    if [ ! -x "$KOTLIN_HOME/bin/kotlinc" ]; then
        say "fetching the Kotlin compiler (npm kotlin-compiler@$KOTLIN_VERSION)"
        local tmp; tmp="$(mktemp -d)"
        (cd "$tmp" && npm pack --silent "kotlin-compiler@$KOTLIN_VERSION" >/dev/null && tar xzf kotlin-compiler-*.tgz)
        rm -rf "$KOTLIN_HOME" && mv "$tmp/package" "$KOTLIN_HOME" && rm -rf "$tmp"
        chmod +x "$KOTLIN_HOME"/bin/*
    fi
    export JNA_JAR KOTLIN_HOME
}
