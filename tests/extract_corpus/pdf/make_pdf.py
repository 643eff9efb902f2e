"""Writes plan.pdf: a small plan as a PDF with Chinese text, the way word processors write
it (a Type0 font, Identity-H encoding, a ToUnicode map), with nothing but the standard
library. The font is not embedded: text extraction reads the ToUnicode map, not glyphs.
Run from this folder: python3 make_pdf.py"""

LINES = [
    "溪南县2025年度国有建设用地供应计划",
    "一、供应总量",
    "全县国有建设用地供应总量控制在64.5公顷以内。",
    "二、供应结构",
    "住宅用地24.5公顷，工矿仓储用地40公顷。",
    "三、供应布局",
    "城关镇土地供应量为40公顷，其中：住宅用地14.5公顷，工矿仓储用地25.5公顷；",
    "石桥镇土地供应量为24.5公顷，其中：住宅用地10公顷，工矿仓储用地14.5公顷。",
]


def hex_line(text):
    return "".join("%04X" % ord(c) for c in text)


def to_unicode(chars):
    entries = "\n".join("<%04X> <%04X>" % (ord(c), ord(c)) for c in sorted(chars))
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        "%d beginbfchar\n%s\nendbfchar\nendcmap\n"
        "CMapName currentdict /CMap defineresource pop\nend\nend\n" % (len(chars), entries)
    )


def main():
    chars = set("".join(LINES))
    content = "\n".join(
        "BT /F1 12 Tf 40 %d Td <%s> Tj ET" % (800 - 24 * i, hex_line(line))
        for i, line in enumerate(LINES)
    )
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        "<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
        "/DescendantFonts [6 0 R] /ToUnicode 8 0 R >>",
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        "/FontDescriptor 7 0 R /DW 1000 /CIDToGIDMap /Identity >>",
        "<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -140 1000 860] "
        "/ItalicAngle 0 /Ascent 860 /Descent -140 /CapHeight 700 /StemV 80 >>",
    ]
    cmap = to_unicode(chars)
    objects.append("<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap.encode()), cmap))
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += ("%d 0 obj\n%s\nendobj\n" % (number, body)).encode()
    xref = len(out)
    out += ("xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)).encode()
    for offset in offsets:
        out += ("%010d 00000 n \n" % offset).encode()
    out += (
        "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    ).encode()
    with open("plan.pdf", "wb") as f:
        f.write(out)


main()
