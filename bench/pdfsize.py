#!/usr/bin/env python3
"""Where the bytes of a PDF go: python3 bench/pdfsize.py [-v] FILE.pdf...

Every indirect object's bytes (from its offset in the cross-reference
table to the next object's) are charged to one part of the file: each
font (its Type0 and CIDFont dictionaries, widths, descriptor, font file,
ToUnicode), each image (with its soft mask), the XMP packet, the output
intent with its ICC profile, the page content, and the rest of the
document structure; the header, cross-reference table and trailer are a
part of their own. An object's /Length number goes with its stream.
Objects that nothing refers to are listed as "unreferenced".

Needs only qpdf (for the object graph, `qpdf --json`). With several files
the table shows each part's median. -v also lists every object.
"""
import json
import re
import statistics
import subprocess
import sys


def xref_offsets(data):
    """Object number -> byte offset, newest revision first."""
    offs = {}
    m = re.findall(rb"startxref\s+(\d+)", data)
    pos = int(m[-1])
    seen = set()
    while pos not in seen:
        seen.add(pos)
        if not data.startswith(b"xref", pos):
            raise SystemExit("cross-reference streams are not supported")
        p = pos + 4
        while True:
            hdr = re.compile(rb"\s*(\d+) (\d+)\s*").match(data, p)
            if hdr is None:
                break
            first, count = int(hdr.group(1)), int(hdr.group(2))
            p = hdr.end()
            for i in range(count):
                ent = data[p:p + 20]
                p += 20
                off, _, kind = ent[:10], ent[11:16], ent[17:18]
                if kind == b"n" and first + i not in offs:
                    offs[first + i] = int(off)
        tr = data.find(b"trailer", p)
        prev = re.compile(rb"trailer\s*<<.*?/Prev\s+(\d+)", re.S).match(
            data, tr)
        if prev is None:
            break
        pos = int(prev.group(1))
    return offs


def refs(value):
    """Object numbers referred to anywhere inside a qpdf JSON value."""
    out = []
    if isinstance(value, str):
        m = re.fullmatch(r"(\d+) 0 R", value)
        if m:
            out.append(int(m.group(1)))
    elif isinstance(value, list):
        for v in value:
            out += refs(v)
    elif isinstance(value, dict):
        for v in value.values():
            out += refs(v)
    return out


def load_objects(path):
    js = json.loads(subprocess.run(
        ["qpdf", "--json", "--json-key=qpdf", path], check=True,
        capture_output=True).stdout)
    objs, trailer = {}, None
    for key, val in js["qpdf"][1].items():
        if key == "trailer":
            trailer = val["value"]
            continue
        num = int(key.split(":")[1].split()[0])
        objs[num] = val
    return objs, trailer


def dict_of(obj):
    if "stream" in obj:
        return obj["stream"]["dict"]
    v = obj.get("value")
    return v if isinstance(v, dict) else {}


def classify(objs, trailer):
    """Object number -> part name."""
    part = {}

    def claim(num, name, follow=True):
        if num in part or num not in objs:
            return
        part[num] = name
        if follow:
            for r in refs(objs[num].get("value", objs[num].get("stream",
                          {}).get("dict"))):
                d = dict_of(objs.get(r, {}))
                # a font or image owns what it refers to, not pages
                if d.get("/Type") in ("/Page", "/Pages", "/Catalog"):
                    continue
                claim(r, name)

    for num, obj in sorted(objs.items()):
        d = dict_of(obj)
        if d.get("/Type") == "/Font" and d.get("/Subtype") == "/Type0":
            claim(num, "font " + d.get("/BaseFont", "?").lstrip("/"))
    for num, obj in sorted(objs.items()):
        d = dict_of(obj)
        if d.get("/Subtype") == "/Image" and "/SMask" in d:
            claim(num, "image %dx%d RGB+SMask" % (d["/Width"],
                                                  d["/Height"]))
    for num, obj in sorted(objs.items()):
        d = dict_of(obj)
        if d.get("/Subtype") == "/Image":
            kind = "ImageMask" if d.get("/ImageMask") else \
                d.get("/ColorSpace", "?")
            filt = d.get("/Filter", "")
            if isinstance(filt, list):
                filt = ",".join(filt)
            claim(num, "image %dx%d %s %s" % (d["/Width"], d["/Height"],
                                              kind, filt.lstrip("/")))
        elif d.get("/Type") == "/Metadata":
            claim(num, "XMP metadata")
        elif d.get("/Type") == "/OutputIntent":
            claim(num, "output intent + ICC")
    for num, obj in sorted(objs.items()):
        d = dict_of(obj)
        if d.get("/Type") == "/Page":
            for c in refs(d.get("/Contents", [])):
                claim(c, "page content")
    # the rest, reachable from the trailer, is document structure
    reach, todo = set(), refs(trailer)
    while todo:
        n = todo.pop()
        if n in reach or n not in objs:
            continue
        reach.add(n)
        o = objs[n]
        todo += refs(o.get("value", o.get("stream", {}).get("dict")))
    for num in objs:
        if num not in part:
            part[num] = "structure" if num in reach else "unreferenced"
    return part


def breakdown(path, verbose):
    data = open(path, "rb").read()
    offs = xref_offsets(data)
    objs, trailer = load_objects(path)
    part = classify(objs, trailer)
    order = sorted(offs.items(), key=lambda kv: kv[1])
    xref_at = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    sizes = {}
    ends = [o for _, o in order[1:]] + [len(data)]
    for (num, off), end in zip(order, ends):
        if end > xref_at > off:
            end = xref_at
        n = end - off
        name = part.get(num, "unreferenced")
        sizes[name] = sizes.get(name, 0) + n
        if verbose:
            d = dict_of(objs.get(num, {}))
            print("  %4d %7d  %-28s %s" % (num, n, name,
                  " ".join("%s" % k for k in d)[:60]))
    used = sum(sizes.values())
    sizes["header, xref, trailer"] = len(data) - used
    return len(data), sizes


def main(argv):
    verbose = "-v" in argv
    files = [a for a in argv if a != "-v"]
    if not files:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    totals, parts = [], {}
    for f in files:
        if verbose:
            print(f)
        total, sizes = breakdown(f, verbose)
        totals.append(total)
        for k, v in sizes.items():
            parts.setdefault(k, []).append(v)
    for k in parts:  # a part missing from a file counts as 0 there
        parts[k] += [0] * (len(files) - len(parts[k]))
    label = "median bytes" if len(files) > 1 else "bytes"
    print("%-40s %12s" % ("part (%d file%s)" % (len(files),
          "s" if len(files) > 1 else ""), label))
    for k, v in sorted(parts.items(), key=lambda kv:
                       -statistics.median(kv[1])):
        print("%-40s %12.0f" % (k, statistics.median(v)))
    print("%-40s %12.0f" % ("whole file", statistics.median(totals)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
