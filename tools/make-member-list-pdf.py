#!/usr/bin/env python3
"""Writes content/om-natverket/medlemslista.pdf, the network's member list as a PDF to print or
send, from data/kommuner.toml: one line per member with county, role and the year it joined.
A PDF written by hand (Helvetica, WinAnsiEncoding for å, ä, ö), so that it needs nothing but
Python; the same data always gives the same bytes. Run it again when the member list changes:

    python3 tools/make-member-list-pdf.py
"""

import os
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROLES = {"pilotkommun": "pilotkommun 2012–2015", "utvecklingskommun": "utvecklingskommun 2016–2020"}
LINES_PER_PAGE = 40


def pdf_string(text):
    """A PDF literal string in WinAnsiEncoding (cp1252), with ( ) and \\ escaped."""
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def lines():
    with open(os.path.join(ROOT, "data", "kommuner.toml"), "rb") as f:
        members = tomllib.load(f)["medlem"]
    out = [
        "Kommunalt nätverk för romsk inkludering: medlemmar",
        "Förteckning över nätverkets medlemmar med län, roll och det år de kom med.",
        "",
    ]
    for m in members:
        roles = [ROLES[r] for r in m.get("roller", []) if r in ROLES] or ["nätverksmedlem"]
        since = m.get("natverk_sedan")
        joined = f"med sedan {since}" if since else "år saknas"
        out.append(f"{m['namn']}, {m['lan']}: {', '.join(roles)}, {joined}.")
    out += ["", "Källor: Länsstyrelsen i Stockholms förteckning 2018 och nätverkets delrapport II 2014."]
    return out


def page_stream(page_lines):
    body = [b"BT /F1 10 Tf 14 TL 56 790 Td"]
    for i, line in enumerate(page_lines):
        if i == 0:
            body.append(b"/F2 13 Tf " + pdf_string(line) + b" Tj T* /F1 10 Tf")
        else:
            body.append(pdf_string(line) + b" Tj T*")
    body.append(b"ET")
    return b"\n".join(body)


def main():
    all_lines = lines()
    pages = [all_lines[i:i + LINES_PER_PAGE] for i in range(0, len(all_lines), LINES_PER_PAGE)]
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None]
    fonts = b"<< /F1 3 0 R /F2 4 0 R >>"
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    kids = []
    for p in pages:
        stream = page_stream(p)
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R /Resources << /Font %s >> >>"
            % (content, fonts)
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objects):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        pdf += b"%010d 00000 n \n" % off
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path = os.path.join(ROOT, "content", "om-natverket", "medlemslista.pdf")
    with open(path, "wb") as f:
        f.write(pdf)
    print(f"{path}: {len(pages)} page(s), {len(pdf)} bytes")


if __name__ == "__main__":
    main()
