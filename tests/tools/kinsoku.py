#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Check Chinese line-breaking rules (kinsoku) in rendered PDFs.

Reads the lines that poppler finds (pdftotext -bbox-layout) and reports
every line that starts with a character that may not start a line
(，。、；：？！）》」』】〉… and their ASCII or full-width kin) or ends with one
that may not end a line (（《「『【〈 ...). Exit 1 if any.

usage: kinsoku.py FILE.pdf...
"""
import subprocess
import sys
import xml.etree.ElementTree as ET

NO_START = set("，。、；：？！）》」』】〉…·’”％,.;:?!)]}")
NO_END = set("（《「『【〈‘“([{")
NS = "{http://www.w3.org/1999/xhtml}"


def lines(path):
    out = subprocess.run(["pdftotext", "-bbox-layout", path, "-"],
                         check=True, capture_output=True).stdout
    root = ET.fromstring(out)
    for pno, page in enumerate(root.iter(NS + "page"), 1):
        for line in page.iter(NS + "line"):
            words = [w.text or "" for w in line.iter(NS + "word")]
            text = "".join(words)
            if text:
                yield pno, text


def main(argv):
    problems = checked = 0
    for path in argv[1:]:
        for pno, text in lines(path):
            checked += 1
            # A line that is a single character (e.g. "…" alone) is not a break.
            if len(text) > 1 and text[0] in NO_START:
                problems += 1
                print(f"{path}: page {pno}: line starts with {text[0]!r}: {text}")
            if len(text) > 1 and text[-1] in NO_END:
                problems += 1
                print(f"{path}: page {pno}: line ends with {text[-1]!r}: {text}")
    print(f"kinsoku: {checked} lines checked, {problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
