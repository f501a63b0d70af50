#!/usr/bin/env python3
"""Write small test packages for the package reader's unit tests.

usage: mkzip.py KIND OUT   (KIND: see the table below)
Each package is built byte by byte with zipfile (and patched where a header
must lie), so every hostile property is exact.
"""
import struct, sys, warnings, zipfile, zlib
warnings.filterwarnings("ignore")

CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
      '</Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        '</Relationships>')
DOC = ('<?xml version="1.0" encoding="UTF-8"?>'
       '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
       '<w:body><w:p><w:r><w:t>你好 {name}</w:t></w:r></w:p></w:body></w:document>')
DOCRELS = ('<?xml version="1.0" encoding="UTF-8"?>'
           '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
           '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
           '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image%201.png"/>'
           '<Relationship Id="rId3" Type="http://x/hyperlink" Target="https://example.org/" TargetMode="External"/>'
           '<Relationship Id="rId4" Type="http://x/image" Target="../../etc/passwd"/>'
           '<Relationship Id="rId5" Type="http://x/image" Target="/word/media/abs.png"/>'
           '</Relationships>')


def base(extra=(), doc=DOC, skip=()):
    parts = [("[Content_Types].xml", CT), ("_rels/.rels", RELS), ("word/document.xml", doc),
             ("word/_rels/document.xml.rels", DOCRELS), ("word/styles.xml", "<w:styles xmlns:w='x'/>"),
             ("word/media/image 1.png", b"\x89PNG fake"), ("word/media/abs.png", b"\x89PNG abs")]
    return [p for p in parts if p[0] not in skip] + list(extra)


def write(out, parts, method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(out, "w", method) as z:
        for name, data in parts:
            z.writestr(zipfile.ZipInfo(name), data, compress_type=method)


kind, out = sys.argv[1], sys.argv[2]
if kind == "good":
    write(out, base())
elif kind == "dup":
    write(out, base([("word/document.xml", DOC)]))
elif kind == "casedup":
    write(out, base([("WORD/Document.xml", DOC)]))
elif kind == "traversal":
    write(out, base([("../evil.txt", "x")]))
elif kind == "absolute":
    write(out, base([("/etc/evil", "x")]))
elif kind == "nodoc":
    write(out, base(skip=("word/document.xml",)))
elif kind == "nocontenttypes":
    write(out, base(skip=("[Content_Types].xml",)))
elif kind == "doctype":
    write(out, base(doc='<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><w:document xmlns:w="x">&a;</w:document>'))
elif kind == "xxe":
    write(out, base(doc='<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd"><w:document xmlns:w="x"/>'))
elif kind == "badxml":
    write(out, base(doc='<w:document xmlns:w="x"><w:body></w:document>'))
elif kind == "bomb":
    write(out, base([("word/media/big.bin", b"\0" * (40 << 20))]))
elif kind == "liar":
    # An entry whose headers claim fewer bytes than the deflate stream holds.
    write(out, base([("word/media/liar.bin", b"A" * 300000)]))
    data = bytearray(open(out, "rb").read())
    target = b"word/media/liar.bin"
    # patch every header's uncompressed size for that entry to 100
    i = 0
    while True:
        i = data.find(target, i)
        if i < 0:
            break
        if data[i - 30:i - 26] == b"PK\x03\x04":
            struct.pack_into("<I", data, i - 30 + 22, 100)
        elif data[i - 46:i - 42] == b"PK\x01\x02":
            struct.pack_into("<I", data, i - 46 + 24, 100)
        i += 1
    open(out, "wb").write(bytes(data))
elif kind == "notzip":
    open(out, "wb").write(b"This is not a zip file at all.\n" * 10)
elif kind == "ole":
    open(out, "wb").write(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 600)
elif kind == "truncated":
    write(out, base())
    data = open(out, "rb").read()
    open(out, "wb").write(data[: len(data) // 2])
elif kind == "macro":
    write(out, base([("word/vbaProject.bin", b"\0\1\2")]))
elif kind == "many":
    write(out, base([(f"word/media/f{i}.txt", "x") for i in range(10050)]), zipfile.ZIP_STORED)
else:
    sys.exit("unknown kind " + kind)
