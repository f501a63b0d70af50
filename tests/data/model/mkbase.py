#!/usr/bin/env python3
"""Write base.docx: the skeleton package the model's unit tests fill in.

usage: mkbase.py OUT
Every part a test may replace exists and is minimal, so a test sets only the
parts it is about (gw_pkg_set) and the relationships are already there.
"""
import struct, sys, zipfile, zlib

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' \
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def png(w, h):
    raw = b"".join(b"\0" + b"\xff\x00\x00" * w for _ in range(h))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


parts = {
    "[Content_Types].xml":
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="png" ContentType="image/png"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '</Types>',
    "_rels/.rels":
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="' + R + 'officeDocument" Target="word/document.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        '</Relationships>',
    "docProps/core.xml":
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>測試公文</dc:title>'
        '<dc:creator>臺中市政府</dc:creator><dc:subject>機房設備</dc:subject>'
        '<cp:keywords>gongwen</cp:keywords></cp:coreProperties>',
    "word/document.xml":
        '<?xml version="1.0" encoding="UTF-8"?><w:document ' + W + '><w:body>'
        '<w:p><w:r><w:t>base</w:t></w:r></w:p></w:body></w:document>',
    "word/_rels/document.xml.rels":
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="' + R + 'styles" Target="styles.xml"/>'
        '<Relationship Id="rId2" Type="' + R + 'numbering" Target="numbering.xml"/>'
        '<Relationship Id="rId3" Type="' + R + 'theme" Target="theme/theme1.xml"/>'
        '<Relationship Id="rId4" Type="' + R + 'settings" Target="settings.xml"/>'
        '<Relationship Id="rId5" Type="' + R + 'header" Target="header1.xml"/>'
        '<Relationship Id="rId6" Type="' + R + 'footer" Target="footer1.xml"/>'
        '<Relationship Id="rId7" Type="' + R + 'image" Target="media/image1.png"/>'
        '<Relationship Id="rId8" Type="' + R + 'header" Target="header2.xml"/>'
        '<Relationship Id="rId9" Type="' + R + 'image" Target="media/image2.gif"/>'
        '</Relationships>',
    "word/styles.xml": '<?xml version="1.0" encoding="UTF-8"?><w:styles ' + W + '/>',
    "word/numbering.xml": '<?xml version="1.0" encoding="UTF-8"?><w:numbering ' + W + '/>',
    "word/settings.xml": '<?xml version="1.0" encoding="UTF-8"?><w:settings ' + W + '/>',
    "word/theme/theme1.xml":
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="t">'
        '<a:themeElements><a:fontScheme name="f">'
        '<a:majorFont><a:latin typeface="Calibri Light"/><a:ea typeface=""/><a:cs typeface=""/>'
        '<a:font script="Hant" typeface="新細明體"/></a:majorFont>'
        '<a:minorFont><a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/>'
        '<a:font script="Jpan" typeface="ＭＳ 明朝"/><a:font script="Hant" typeface="新細明體"/></a:minorFont>'
        '</a:fontScheme></a:themeElements></a:theme>',
    "word/header1.xml":
        '<?xml version="1.0" encoding="UTF-8"?><w:hdr ' + W + '><w:p><w:r><w:t>header</w:t></w:r></w:p></w:hdr>',
    "word/header2.xml":
        '<?xml version="1.0" encoding="UTF-8"?><w:hdr ' + W + '><w:p><w:r><w:t>first page header</w:t></w:r></w:p></w:hdr>',
    "word/footer1.xml":
        '<?xml version="1.0" encoding="UTF-8"?><w:ftr ' + W + '><w:p><w:r><w:t>footer</w:t></w:r></w:p></w:ftr>',
    "word/_rels/header1.xml.rels":
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rIdLogo" Type="' + R + 'image" Target="media/image1.png"/>'
        '</Relationships>',
    "word/media/image1.png": png(4, 3),
    "word/media/image2.gif": b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
}

with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for name, data in parts.items():
        z.writestr(name, data.encode() if isinstance(data, str) else data)
