"""Pulls a fenced code block of README.md out so the test suites can run it.

kotlin: writes a source file whose function `readmeQuickstart()` holds the block's statements
(imports moved to the top), called by the Kotlin test suite.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", README.read_text(encoding="utf-8"), flags=re.S | re.M)


def kotlin(out: Path) -> None:
    (block,) = blocks("kotlin")
    lines = block.splitlines()
    imports = [line for line in lines if line.startswith("import ")]
    body = [line for line in lines if not line.startswith("import ")]
    source = ["package projectledger.tests", "", *imports, "", "fun readmeQuickstart() {", *("    " + line for line in body), "}", ""]
    out.write_text("\n".join(source), encoding="utf-8")


if __name__ == "__main__":
    language, target = sys.argv[1], Path(sys.argv[2])
    {"kotlin": kotlin}[language](target)
