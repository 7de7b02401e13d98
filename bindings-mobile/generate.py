#!/usr/bin/env python3
"""Generates the Kotlin and Swift bindings of the built library, as an app ships them.

    python bindings-mobile/generate.py UNIFFI_BINDGEN LIBRARY OUT_DIR

uniffi writes the bindings; two things it cannot be told are done to its Kotlin here, each
checked so that a uniffi whose output changed fails the build instead of shipping unchanged:
- an error's `message` is its readable sentence (`detail`), not uniffi's `field=value` list;
- the forms the idioms replace are marked `@Deprecated` with the replacement an IDE applies.
Then the hand-written idiom files (`kotlin/Idioms.kt`, `swift/Idioms.swift`) are copied
beside the generated ones, and every generated function the Swift file calls is checked to
exist (no Swift compiler here).
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Generated Kotlin function → what replaces it (the deprecation's message and ReplaceWith).
DEPRECATED = {
    "moneyAdd": "left + right",
    "moneySub": "left - right",
    "moneyNeg": "-money",
    "moneyMul": "money * factor",
    "moneyCompare": "left.compareTo(right)",
    "moneyParse": "Money.parse(text)",
    "moneyFormat": "money.toString()",
    "moneyRound": "money.rounded(strategy)",
    "currencyOf": "Currency.of(code)",
}

# Generated Kotlin method (interface and class) → what replaces it.
DEPRECATED_METHODS = {
    "budgetView": "budget(projectId, costType, asOf)",
}


def patch_kotlin(text: str) -> str:
    # Every variant of the one error type has `detail` first: its message is that sentence.
    text, messages = re.subn(r'get\(\) = "detail=\$\{ `detail` \}[^"\n]*"', "get() = `detail`", text)
    if messages == 0 or re.search(r'override val message\n\s+get\(\) = "', text):
        sys.exit(f"generate.py: an error variant's message was not rewritten ({messages} were)")
    for name, replacement in DEPRECATED.items():
        annotation = f'@Deprecated("use {replacement}", ReplaceWith("{replacement}")) '
        text, found = re.subn(rf"^(\s*)(@Throws\(ProjectLedgerException::class\) fun `{name}`\()", rf"\1{annotation}\2", text, flags=re.M)
        if found != 1:
            sys.exit(f"generate.py: top-level function {name} found {found} times in the Kotlin")
    for name, replacement in DEPRECATED_METHODS.items():
        annotation = f'@Deprecated("use {replacement}", ReplaceWith("{replacement}")) '
        text, found = re.subn(rf"^(\s*)((?:@Throws\(ProjectLedgerException::class\)\s*)?(?:override )?fun `{name}`\()", rf"\1{annotation}\2", text, flags=re.M)
        if found < 2:
            sys.exit(f"generate.py: method {name} found {found} times in the Kotlin (its interface and class)")
    # `len()` of a journal and a change set: `size` replaces it (interface and class alike).
    text, found = re.subn(r"^(\s*)((?:override )?fun `len`\(\): kotlin\.Long)", r'\1@Deprecated("use size", ReplaceWith("size")) \2', text, flags=re.M)
    if found == 0:
        sys.exit("generate.py: no len() found in the Kotlin")
    return text


def check_swift(generated: str, idioms: str) -> None:
    # Every labelled call of a function (`moneyAdd(left: …)`) must be one the bindings declare
    # with the same first label.
    declared = set(re.findall(r"\bfunc (\w+)\(", idioms)) | {"init"}
    called = {(name, label) for name, label in re.findall(r"\b([a-z]\w*)\((\w+):", idioms) if name not in declared}
    missing = sorted(f"{name}({label}:)" for name, label in called if not re.search(rf"public func {name}\({label}:", generated))
    if missing:
        sys.exit(f"generate.py: Idioms.swift calls {missing}, which the Swift bindings do not have")


def main(bindgen: str, library: str, out_dir: str) -> None:
    out = Path(out_dir)
    subprocess.run([bindgen, "generate", "--library", library, "--language", "kotlin", "--language", "swift", "--out-dir", str(out), "--no-format"], check=True, stdout=subprocess.DEVNULL)
    kotlin = out / "uniffi" / "projectledger" / "projectledger.kt"
    kotlin.write_text(patch_kotlin(kotlin.read_text(encoding="utf-8")), encoding="utf-8")
    shutil.copy(HERE / "kotlin" / "Idioms.kt", kotlin.parent / "Idioms.kt")
    swift_idioms = HERE / "swift" / "Idioms.swift"
    check_swift((out / "projectledger.swift").read_text(encoding="utf-8"), swift_idioms.read_text(encoding="utf-8"))
    shutil.copy(swift_idioms, out / "Idioms.swift")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
