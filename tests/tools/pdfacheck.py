#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The PDF/A-2b requirements an archived record relies on, checked with
pikepdf (qpdf) rather than with hrpress's own code.

Usage: /usr/bin/python3 tests/tools/pdfacheck.py FILE.pdf...
Prints each problem as "FILE: problem" and "pdfacheck: N files, N
problems"; exit 1 on any problem, 2 if a file cannot be read.

Checked (ISO 19005-2 clause in brackets):
- header %PDF-1.n (n <= 7) and a binary comment line after it [6.1.2]
- no encryption [6.1.3]; a trailer /ID of two 16-byte strings [6.1.3]
- no stream with /F, /FFilter or /FDecodeParms, no LZW filter [6.1.7]
- an OutputIntent /GTS_PDFA1 with an ICC profile whose /N matches the
  profile's colour space, and no DeviceCMYK in the pages when the
  profile is RGB [6.2.2, 6.2.4.3]
- images: no /Alternates, /OPI or /Interpolate true; ExtGState without
  /TR, /TR2 (but /Default), /HTP, a non-standard blend mode, or a soft
  mask other than /None or a luminosity/alpha mask [6.2.4, 6.2.8, 6.2.10]
- no PostScript or reference XObjects [6.2.9]
- every font embedded (FontFile, FontFile2 or FontFile3), a CIDFontType2
  with /CIDToGIDMap, every Type0 font with a ToUnicode CMap [6.2.11]
- annotations: Print flag set, Hidden, Invisible, NoView and ToggleNoView
  not, no forbidden subtype, an appearance when they have a size
  [6.3]
- no JavaScript, no /AA, no embedded files, no XFA, no NeedAppearances
  [6.4, 6.5, 6.8]
- the XMP packet: uncompressed, in an xpacket, pdfaid:part 2 and
  conformance B, and every Info entry equal to its XMP property [6.6]
"""
import re
import sys
import xml.etree.ElementTree as ET

import pikepdf

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "x": "adobe:ns:meta/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
}
BLEND = {"/Normal", "/Compatible", "/Multiply", "/Screen", "/Overlay",
         "/Darken", "/Lighten", "/ColorDodge", "/ColorBurn", "/HardLight",
         "/SoftLight", "/Difference", "/Exclusion", "/Hue", "/Saturation",
         "/Color", "/Luminosity"}
BAD_ANNOTS = {"/3D", "/Sound", "/Screen", "/Movie", "/FileAttachment"}
# Info key: (XMP property, kind)
INFO_XMP = {
    "/Title": ("dc:title", "alt"),
    "/Author": ("dc:creator", "seq"),
    "/Subject": ("dc:description", "alt"),
    "/Keywords": ("pdf:Keywords", "text"),
    "/Creator": ("xmp:CreatorTool", "text"),
    "/Producer": ("pdf:Producer", "text"),
    "/CreationDate": ("xmp:CreateDate", "date"),
    "/ModDate": ("xmp:ModifyDate", "date"),
}


def qname(prop):
    pre, local = prop.split(":")
    return "{%s}%s" % (NS[pre], local)


def xmp_value(root, prop, kind):
    """The property's value from any rdf:Description, or None."""
    for desc in root.iter(qname("rdf:Description")):
        if qname(prop) in desc.attrib:
            return desc.attrib[qname(prop)]
        el = desc.find(qname(prop))
        if el is None:
            continue
        if kind in ("alt", "seq"):
            lis = el.findall(".//" + qname("rdf:li"))
            return lis[0].text if lis else None
        return el.text
    return None


def info_date_to_xmp(d):
    """D:YYYYMMDDHHmmSS+HH'mm' -> YYYY-MM-DDTHH:mm:SS+HH:mm."""
    m = re.fullmatch(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)"
                     r"(Z|[+-]\d\d'\d\d'?)?", d)
    if not m:
        return None
    tz = m.group(7) or "Z"
    if tz != "Z":
        tz = tz[:3] + ":" + tz[4:6]
    return "%s-%s-%sT%s:%s:%s%s" % (m.group(1, 2, 3, 4, 5, 6) + (tz,))


def same_date(xmp, xmpdate):
    a = xmp.replace("Z", "+00:00")
    b = (xmpdate or "").replace("Z", "+00:00")
    return a == b


class Checker:
    def __init__(self, path):
        self.path = path
        self.problems = []

    def bad(self, msg):
        self.problems.append(msg)

    def run(self):
        with open(self.path, "rb") as f:
            head = f.read(64)
        m = re.match(rb"%PDF-1\.([0-9])\r?\n?", head)
        if not m or int(m.group(1)) > 7:
            self.bad("header is not %PDF-1.0 ... %PDF-1.7")
        lines = re.split(rb"\r\n|\r|\n", head)
        if len(lines) < 2 or not lines[1].startswith(b"%") or \
                sum(b > 127 for b in lines[1][1:5]) < 4:
            self.bad("no binary comment (4 bytes > 127) after the header")
        pdf = pikepdf.open(self.path)
        if pdf.is_encrypted or "/Encrypt" in pdf.trailer:
            self.bad("encrypted")
        self.check_id(pdf)
        self.check_streams(pdf)
        rgb = self.check_output_intent(pdf)
        self.check_catalog(pdf)
        for n, page in enumerate(pdf.pages, 1):
            self.check_page(pdf, page, n, rgb)
        self.check_fonts(pdf)
        self.check_xmp(pdf)
        return self.problems

    def check_id(self, pdf):
        ids = pdf.trailer.get("/ID")
        if not isinstance(ids, pikepdf.Array) or len(ids) != 2:
            self.bad("trailer has no /ID of two strings")
            return
        for s in ids:
            if not isinstance(s, pikepdf.String) or len(bytes(s)) != 16:
                self.bad("an /ID string is not 16 bytes")

    def check_streams(self, pdf):
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Stream):
                continue
            for key in ("/F", "/FFilter", "/FDecodeParms"):
                if key in obj.stream_dict:
                    self.bad("stream %s has %s" % (obj.objgen, key))
            filt = obj.stream_dict.get("/Filter")
            names = list(filt) if isinstance(filt, pikepdf.Array) else \
                [filt] if filt is not None else []
            if pikepdf.Name("/LZWDecode") in names:
                self.bad("stream %s is LZW-coded" % (obj.objgen,))
            sub = obj.stream_dict.get("/Subtype")
            if sub == "/PS" or "/PS" in obj.stream_dict:
                self.bad("PostScript XObject %s" % (obj.objgen,))
            if sub == "/Form" and "/Ref" in obj.stream_dict:
                self.bad("reference XObject %s" % (obj.objgen,))
            if sub == "/Image":
                for key in ("/Alternates", "/OPI"):
                    if key in obj.stream_dict:
                        self.bad("image %s has %s" % (obj.objgen, key))
                if obj.stream_dict.get("/Interpolate") is True:
                    self.bad("image %s has /Interpolate true"
                             % (obj.objgen,))

    def check_output_intent(self, pdf):
        ois = pdf.Root.get("/OutputIntents")
        if not isinstance(ois, pikepdf.Array) or len(ois) == 0:
            self.bad("no /OutputIntents")
            return False
        found = None
        for oi in ois:
            if oi.get("/S") == "/GTS_PDFA1":
                found = oi
        if found is None:
            self.bad("no OutputIntent /S /GTS_PDFA1")
            return False
        if "/OutputConditionIdentifier" not in found:
            self.bad("OutputIntent without /OutputConditionIdentifier")
        prof = found.get("/DestOutputProfile")
        if not isinstance(prof, pikepdf.Stream):
            self.bad("OutputIntent without a /DestOutputProfile stream")
            return False
        data = prof.read_bytes()
        if len(data) < 128 or data[36:40] != b"acsp":
            self.bad("DestOutputProfile is not an ICC profile")
            return False
        space = data[16:20]
        n = {b"RGB ": 3, b"GRAY": 1, b"CMYK": 4}.get(space)
        if n is None or prof.stream_dict.get("/N") != n:
            self.bad("ICC profile colour space %r does not match /N %s"
                     % (space, prof.stream_dict.get("/N")))
        if data[12:16] not in (b"mntr", b"prtr"):
            self.bad("ICC profile class %r is not an output or display"
                     " device" % (data[12:16],))
        return space == b"RGB "

    def check_catalog(self, pdf):
        root = pdf.Root
        if "/AA" in root:
            self.bad("catalog has /AA")
        oa = root.get("/OpenAction")
        if isinstance(oa, pikepdf.Dictionary) and oa.get("/S") in (
                "/JavaScript", "/Launch"):
            self.bad("OpenAction is %s" % oa.get("/S"))
        names = root.get("/Names")
        if isinstance(names, pikepdf.Dictionary):
            for key in ("/JavaScript", "/EmbeddedFiles"):
                if key in names:
                    self.bad("name tree %s" % key)
        form = root.get("/AcroForm")
        if isinstance(form, pikepdf.Dictionary):
            if "/XFA" in form:
                self.bad("AcroForm has /XFA")
            if form.get("/NeedAppearances") is True:
                self.bad("AcroForm has /NeedAppearances true")

    def check_page(self, pdf, page, n, rgb):
        if "/AA" in page.obj:
            self.bad("page %d has /AA" % n)
        res = page.obj.get("/Resources", pikepdf.Dictionary())
        gss = res.get("/ExtGState", pikepdf.Dictionary())
        for name, gs in gss.items():
            for key in ("/TR", "/HTP"):
                if key in gs:
                    self.bad("ExtGState %s has %s" % (name, key))
            if "/TR2" in gs and gs.get("/TR2") != "/Default":
                self.bad("ExtGState %s has /TR2" % name)
            bm = gs.get("/BM")
            bms = list(bm) if isinstance(bm, pikepdf.Array) else \
                [bm] if bm is not None else []
            for b in bms:
                if str(b) not in BLEND:
                    self.bad("ExtGState %s blend mode %s" % (name, b))
            sm = gs.get("/SMask")
            if sm is not None and sm != "/None" and not (
                    isinstance(sm, pikepdf.Dictionary)
                    and sm.get("/S") in ("/Luminosity", "/Alpha")):
                self.bad("ExtGState %s soft mask %r" % (name, sm))
        if rgb:
            # only k and K come back from the parser (filtered in C++)
            for ins in pikepdf.parse_content_stream(page, "k K"):
                if str(ins.operator) in ("k", "K"):
                    self.bad("page %d paints DeviceCMYK with an RGB"
                             " output intent" % n)
                    break
        for a in page.obj.get("/Annots", pikepdf.Array()):
            sub = str(a.get("/Subtype"))
            if sub in BAD_ANNOTS:
                self.bad("page %d: annotation %s" % (n, sub))
            flags = int(a.get("/F", 0))
            if sub != "/Popup" and not flags & 4:
                self.bad("page %d: %s annotation without the Print flag"
                         % (n, sub))
            if flags & (1 | 2 | 32 | 256):
                self.bad("page %d: %s annotation hidden or invisible"
                         % (n, sub))
            rect = [float(v) for v in a.get("/Rect", [0, 0, 0, 0])]
            sized = rect[2] - rect[0] != 0 and rect[3] - rect[1] != 0
            if sized and sub not in ("/Popup", "/Link") and \
                    "/AP" not in a:
                self.bad("page %d: %s annotation without /AP" % (n, sub))
            if "/A" in a and a.A.get("/S") in ("/JavaScript", "/Launch"):
                self.bad("page %d: annotation action %s" % (n, a.A.S))

    def check_fonts(self, pdf):
        nfonts = 0
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Dictionary) or \
                    obj.get("/Type") != "/Font":
                continue
            nfonts += 1
            sub = obj.get("/Subtype")
            name = str(obj.get("/BaseFont", obj.objgen))
            if sub == "/Type0":
                if not isinstance(obj.get("/ToUnicode"), pikepdf.Stream):
                    self.bad("font %s has no ToUnicode CMap" % name)
                continue
            if sub == "/Type3":
                continue
            desc = obj.get("/FontDescriptor")
            if not isinstance(desc, pikepdf.Dictionary) or not any(
                    k in desc for k in ("/FontFile", "/FontFile2",
                                        "/FontFile3")):
                self.bad("font %s is not embedded" % name)
            if sub == "/CIDFontType2" and "/CIDToGIDMap" not in obj:
                self.bad("font %s has no /CIDToGIDMap" % name)
        if nfonts == 0:
            self.bad("no fonts")

    def check_xmp(self, pdf):
        md = pdf.Root.get("/Metadata")
        if not isinstance(md, pikepdf.Stream):
            self.bad("catalog has no /Metadata stream")
            return
        if md.stream_dict.get("/Type") != "/Metadata" or \
                md.stream_dict.get("/Subtype") != "/XML":
            self.bad("/Metadata is not /Type /Metadata /Subtype /XML")
        if "/Filter" in md.stream_dict:
            self.bad("XMP packet is compressed")
        raw = md.read_raw_bytes()
        if not raw.startswith(b"<?xpacket begin=") or \
                not raw.rstrip().endswith(b"?>") or \
                b"<?xpacket end=" not in raw:
            self.bad("XMP is not an xpacket")
        try:
            root = ET.fromstring(raw)
        except ET.ParseError as e:
            self.bad("XMP is not well-formed XML: %s" % e)
            return
        if xmp_value(root, "pdfaid:part", "text") != "2":
            self.bad("XMP pdfaid:part is not 2")
        if xmp_value(root, "pdfaid:conformance", "text") != "B":
            self.bad("XMP pdfaid:conformance is not B")
        info = pdf.trailer.get("/Info", pikepdf.Dictionary())
        for key, (prop, kind) in INFO_XMP.items():
            x = xmp_value(root, prop, kind)
            if key not in info:
                if x is not None and kind != "date":
                    self.bad("XMP %s without Info %s" % (prop, key))
                continue
            v = str(info[key])
            if kind == "date":
                want = info_date_to_xmp(v)
                if want is None or not same_date(want, x):
                    self.bad("Info %s %s does not match XMP %s %s"
                             % (key, v, prop, x))
            elif v != x:
                self.bad("Info %s %r does not match XMP %s %r"
                         % (key, v, prop, x))


def main(argv):
    total = 0
    for path in argv[1:]:
        try:
            problems = Checker(path).run()
        except pikepdf.PasswordError:
            problems = ["encrypted (it needs a password to open)"]
        except (OSError, pikepdf.PdfError) as e:
            print("%s: cannot read: %s" % (path, e))
            return 2
        for p in problems:
            print("%s: %s" % (path, p))
        total += len(problems)
    print("pdfacheck: %d files, %d problems" % (len(argv) - 1, total))
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
