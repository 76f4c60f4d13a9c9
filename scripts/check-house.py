#!/usr/bin/env python3
"""The house rules the compiler does not check: no Rust source file over
800 lines (tests included) and no function over 80 lines, in src/, crates/
and tests/. Prints each breach; exits non-zero when there is one.

Functions are found by a line scanner (a `fn` line, then its braces,
ignoring strings, characters and `//` comments); it is not a Rust parser,
but it needs only to be right about this repository's formatted code."""
import os
import re
import sys

FILE_LINES = 800
FN_LINES = 80
ROOTS = ["src", "crates", "tests"]
FN = re.compile(r"^\s*(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+(\w+)")
STRING = re.compile(r'"(\\.|[^"\\])*"')
CHAR = re.compile(r"'(\\.|[^'\\])'")


def code(line):
    """The line without its strings, characters and comment."""
    line = CHAR.sub("''", STRING.sub('""', line))
    return line.split("//")[0]


def function_length(lines, first):
    """Lines from `first` to the brace closing its body (0 for a declaration
    without a body)."""
    depth, opened = 0, False
    for j in range(first, len(lines)):
        text = code(lines[j])
        for c in text:
            if c == "{":
                depth, opened = depth + 1, True
            elif c == "}":
                depth -= 1
        if not opened and text.rstrip().endswith(";"):
            return 0
        if opened and depth <= 0:
            return j - first + 1
    return 0


def breaches(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    if len(lines) - 1 > FILE_LINES:
        yield f"{path}: {len(lines) - 1} lines (at most {FILE_LINES})"
    for i, line in enumerate(lines):
        m = FN.match(line)
        if m:
            n = function_length(lines, i)
            if n > FN_LINES:
                yield f"{path}:{i + 1}: fn {m.group(6)} has {n} lines (at most {FN_LINES})"


def main():
    found = []
    for root in ROOTS:
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d != "target"]
            for name in sorted(files):
                if name.endswith(".rs"):
                    found.extend(breaches(os.path.join(folder, name)))
    for line in found:
        print(line)
    print(f"house rules: {len(found)} breach(es)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
