#!/usr/bin/env python3
"""Write the fuzzer's seed corpus: every dropstep code cell of the lessons, each lesson whole,
and the README's language examples, one file per input.

Usage: python3 scripts/fuzz_seeds.py OUTPUT_DIR   (run by `make fuzz`)
"""
import hashlib
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CELL = re.compile(r"^(`{3,}|~{3,})dropstep[^\n]*\n(.*?)^\1\s*$", re.S | re.M)
FENCE = re.compile(r"^```\n(.*?)^```\s*$", re.S | re.M)


def write(directory, text):
    name = hashlib.sha1(text.encode()).hexdigest()
    with open(os.path.join(directory, name), "w", encoding="utf-8") as out:
        out.write(text)


def main():
    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)
    count = 0
    lessons = os.path.join(ROOT, "lessons")
    for name in sorted(os.listdir(lessons)):
        if not name.endswith(".md"):
            continue
        with open(os.path.join(lessons, name), encoding="utf-8") as source:
            text = source.read()
        write(directory, text)
        count += 1
        for match in CELL.finditer(text):
            write(directory, match.group(2))
            count += 1
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as readme:
        for match in FENCE.finditer(readme.read()):
            write(directory, match.group(1))
            count += 1
    print(f"wrote {count} seeds to {directory}")


if __name__ == "__main__":
    main()
