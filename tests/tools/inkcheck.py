#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Independent check that every glyph a PDF shows has ink.

For every Type0 font, read the embedded TrueType program (FontFile2), the
CIDToGIDMap (/Identity or a stream) and the ToUnicode CMap; collect every
2-byte code shown in that font on every page (Tj, TJ, ', "); for each code
whose character is not whitespace, the glyph must exist and have ink: a
simple glyph with contours, or a composite whose every component exists and
(recursively) has ink. Every shown code must also have a ToUnicode entry.

Usage: /usr/bin/python3 inkcheck.py FILE.pdf...
Exit status: 0 all good, 1 problems found, 2 a file could not be read.
Needs python3-pikepdf and python3-fonttools (Debian).
"""

import io
import re
import sys

import pikepdf
from fontTools.ttLib import TTFont

# the only operators the check reads (pikepdf skips the rest in C++, which
# halves the time for a page full of table rules)
TEXT_OPS = "Tf Tj TJ ' \""
HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")


def hex_bytes(tok):
    return bytes.fromhex(re.sub(rb"\s", b"", tok).decode())


def utf16(b):
    return b.decode("utf-16-be", errors="replace")


def parse_tounicode(data):
    """code -> text, from bfchar and bfrange sections (nothing else counts)."""
    out = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        toks = HEX.findall(block)
        for src, dst in zip(toks[0::2], toks[1::2]):
            out[int.from_bytes(hex_bytes(src), "big")] = utf16(hex_bytes(dst))
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for m in re.finditer(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f\s]*>|\[[^\]]*\])",
            block,
        ):
            lo = int(m.group(1), 16)
            hi = int(m.group(2), 16)
            dst = m.group(3)
            if dst.startswith(b"["):
                for i, tok in enumerate(HEX.findall(dst)):
                    if lo + i <= hi:
                        out[lo + i] = utf16(hex_bytes(tok))
            else:
                base = hex_bytes(dst[1:-1])
                for i in range(hi - lo + 1):
                    # the last byte is incremented per code
                    b = bytearray(base)
                    v = int.from_bytes(b[-2:], "big") + i
                    b[-2:] = v.to_bytes(2, "big")
                    out[lo + i] = utf16(bytes(b))
    return out


class FontInfo:
    """What the checker needs of one Type0 font."""

    def __init__(self, font):
        self.name = str(font.get("/BaseFont", "?"))
        desc = font["/DescendantFonts"][0]
        self.tounicode = {}
        if "/ToUnicode" in font:
            self.tounicode = parse_tounicode(font["/ToUnicode"].read_bytes())
        self.identity = True
        self.map = b""
        m = desc.get("/CIDToGIDMap")
        if isinstance(m, pikepdf.Stream):
            self.identity = False
            self.map = m.read_bytes()
        fd = desc.get("/FontDescriptor")
        self.ttf = None
        if fd is not None and "/FontFile2" in fd:
            self.ttf = TTFont(io.BytesIO(fd["/FontFile2"].read_bytes()), lazy=False)
            self.order = self.ttf.getGlyphOrder()
            self.glyf = self.ttf["glyf"] if "glyf" in self.ttf else None
        self.ink_cache = {}

    def gid(self, cid):
        if self.identity:
            return cid
        if 2 * cid + 1 >= len(self.map):
            return 0
        return int.from_bytes(self.map[2 * cid:2 * cid + 2], "big")

    def has_ink(self, name, depth=0):
        """Why the glyph has no ink, or None if it has."""
        if name in self.ink_cache:
            return self.ink_cache[name]
        why = None
        if depth > 16:
            why = "composite nesting too deep"
        elif name not in self.glyf.glyphs:
            why = "glyph %s missing" % name
        else:
            g = self.glyf[name]
            if g.isComposite():
                for comp in g.components:
                    if comp.glyphName not in self.order:
                        why = "component %s missing" % comp.glyphName
                        break
                    sub = self.has_ink(comp.glyphName, depth + 1)
                    if sub is not None:
                        why = "component %s: %s" % (comp.glyphName, sub)
                        break
            elif g.numberOfContours <= 0:
                why = "glyph %s is empty" % name
            else:
                coords = g.getCoordinates(self.glyf)[0]
                if len(coords) == 0:
                    why = "glyph %s has no points" % name
        self.ink_cache[name] = why
        return why

    def problem(self, code):
        """Why code does not show ink, or None."""
        if self.ttf is None or self.glyf is None:
            return "no embedded TrueType program"
        gid = self.gid(code)
        if gid == 0:
            return "maps to .notdef"
        if gid >= len(self.order):
            return "glyph id %d beyond the font's %d glyphs" % (gid, len(self.order))
        return self.has_ink(self.order[gid])


def shown_strings(operands, op):
    if op == "Tj" or op == "'":
        return [operands[0]]
    if op == '"':
        return [operands[2]]
    if op == "TJ":
        return [x for x in operands[0] if isinstance(x, pikepdf.String)]
    return []


def describe(text):
    if text is None:
        return "?"
    return "%s (%s)" % (text, " ".join("U+%04X" % ord(c) for c in text))


def check_file(path):
    """Returns (glyphs checked, problem lines)."""
    pdf = pikepdf.open(path)
    infos = {}
    seen = set()
    problems = []
    for pno, page in enumerate(pdf.pages, 1):
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        cur = None
        for operands, op in pikepdf.parse_content_stream(page, TEXT_OPS):
            op = str(op)
            if op == "Tf":
                font = fonts.get(operands[0])
                cur = None
                if font is not None and font.get("/Subtype") == "/Type0":
                    key = font.objgen
                    if key not in infos:
                        infos[key] = FontInfo(font)
                    cur = (key, infos[key])
                continue
            if cur is None:
                continue
            key, info = cur
            for s in shown_strings(operands, op):
                raw = bytes(s)
                for i in range(0, len(raw) - 1, 2):
                    code = (raw[i] << 8) | raw[i + 1]
                    if (key, code) in seen:
                        continue
                    seen.add((key, code))
                    text = info.tounicode.get(code)
                    where = "%s: page %d: font %s: code %04X" % (
                        path, pno, info.name, code)
                    if text is None:
                        problems.append("%s: no ToUnicode entry" % where)
                    if text is not None and text.strip() == "":
                        continue
                    why = info.problem(code)
                    if why is not None:
                        problems.append("%s: %s: no ink: %s" % (
                            where, describe(text), why))
    return len(seen), problems


def main(argv):
    if len(argv) < 2:
        print("usage: inkcheck.py FILE.pdf...", file=sys.stderr)
        return 2
    checked = 0
    problems = []
    for path in argv[1:]:
        try:
            n, p = check_file(path)
        except Exception as e:  # a broken file is a failure, not a crash
            print("inkcheck: %s: %s" % (path, e), file=sys.stderr)
            return 2
        checked += n
        problems += p
    for p in problems:
        print(p)
    print("inkcheck: %d glyphs checked, %d problems" % (checked, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
