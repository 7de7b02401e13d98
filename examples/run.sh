#!/usr/bin/env bash
# The main job: the bundled sample portfolio through the library (Rust report), then the
# Python analytics example on the same data. Installs what it needs (tests/tools.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../tests/tools.sh"
cd "$ROOT"
cargo run --quiet --locked -p projectledger-examples --bin portfolio-report -- examples/data/sample-portfolio.json
python_env
python_package >/dev/null 2>&1 || python_package
echo
python examples/python/portfolio_analytics.py examples/data/sample-portfolio.json
