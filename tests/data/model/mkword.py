#!/usr/bin/env python3
"""Write word-like.docx: a package shaped the way Word (zh-TW) writes one —
theme fonts, Table Grid, Chinese list numbering, Wingdings check boxes,
complex fields in the footer, a logo in the header, content controls,
revision marks, bookmarks and proofing marks.

usage: mkword.py OUT
"""
import struct, sys, zipfile, zlib

NS = ('xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:o="urn:schemas-microsoft-com:office:office" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
      'xmlns:v="urn:schemas-microsoft-com:vml" '
      'xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
      'mc:Ignorable="w14 wp14"')
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'


def png(w, h):
    raw = b"".join(b"\0" + b"\x00\x00\xcc" * w for _ in range(h))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def run(text, rpr=""):
    sp = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<w:r w:rsidRPr="00A1B2C3"><w:rPr>{rpr}</w:rPr><w:t{sp}>{text}</w:t></w:r>'


def para(content, ppr=""):
    return f'<w:p w14:paraId="1A2B3C4D" w14:textId="77777777" w:rsidR="00F1" w:rsidRDefault="00F1"><w:pPr>{ppr}</w:pPr>{content}</w:p>'


def num(numid, lvl, text, raw=False):
    return para(text if raw else run(text), f'<w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{numid}"/></w:numPr>')


def sym(ch):
    return f'<w:r><w:sym w:font="Wingdings" w:char="{ch}"/></w:r>'


def field(instr, cached):
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r><w:rPr><w:noProof/></w:rPr><w:t>{cached}</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def tc(text, w, props=""):
    return f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/>{props}</w:tcPr>{para(run(text) if text else "")}</w:tc>'


KAI = '<w:rFonts w:ascii="標楷體" w:eastAsia="標楷體" w:hAnsi="標楷體"/>'
body = (
    para(run("臺中市政府　函", KAI + '<w:b/><w:sz w:val="40"/>'), '<w:jc w:val="center"/>')
    + para('<w:bookmarkStart w:id="0" w:name="_GoBack"/>' + run("地址：") + '<w:proofErr w:type="spellStart"/>'
           + run("40701臺中市西屯區臺灣大道三段99號") + '<w:proofErr w:type="spellEnd"/><w:bookmarkEnd w:id="0"/>',
           '<w:ind w:leftChars="2700" w:left="7560"/>')
    + para(run("發文日期：") + '<w:sdt><w:sdtPr><w:date w:fullDate="2026-11-25T00:00:00Z"><w:dateFormat w:val="e年M月d日"/>'
           '<w:lid w:val="zh-TW"/></w:date></w:sdtPr><w:sdtContent>' + run("中華民國115年11月25日") + '</w:sdtContent></w:sdt>')
    + num(1, 0, "主旨：貴單位申請設備進駐本府機房一案，同意辦理，請查照。")
    + num(1, 0, "說明：")
    + num(1, 1, "依據貴單位115年11月1日函辦理。")
    + num(1, 2, "設備應於進駐前完成資安檢測。")
    + num(1, 3, "檢測報告應送本府資訊中心。")
    + num(1, 3, run("逾期") + '<w:ins w:id="5" w:author="承辦人"><w:r><w:t>未送</w:t></w:r></w:ins>'
             '<w:del w:id="6" w:author="承辦人"><w:r><w:delText>不送</w:delText></w:r></w:del>' + run("者不予受理。"), True)
    + num(1, 1, "進駐期間自核定日起算一年。")
    + num(1, 0, "審查結果：")
    + para(sym("F0FE") + run(" 同意　") + sym("F0A8") + run(" 不同意　") + sym("F06F") + run(" 補件"),
           '<w:ind w:firstLineChars="200" w:firstLine="560"/>')
    + '<w:tbl><w:tblPr><w:tblStyle w:val="a5"/><w:tblW w:w="0" w:type="auto"/><w:tblLook w:val="04A0"/></w:tblPr>'
      '<w:tblGrid><w:gridCol w:w="2765"/><w:gridCol w:w="2765"/><w:gridCol w:w="2766"/></w:tblGrid>'
      '<w:tr><w:trPr><w:tblHeader/></w:trPr>' + tc("設備名稱", 5530, '<w:gridSpan w:val="2"/>') + tc("數量", 2766) + '</w:tr>'
      '<w:tr>' + tc("伺服器", 2765, '<w:vMerge w:val="restart"/><w:vAlign w:val="center"/>') + tc("1U", 2765) + tc("2", 2766) + '</w:tr>'
      '<w:tr>' + tc("", 2765, '<w:vMerge/>') + tc("2U", 2765) + tc("1", 2766) + '</w:tr>'
      '</w:tbl>'
    + para('<w:r><w:lastRenderedPageBreak/><w:t>正本：</w:t></w:r><w:hyperlink r:id="rId20" w:history="1">'
           '<w:r><w:rPr><w:rStyle w:val="a6"/></w:rPr><w:t>臺中市政府資訊中心</w:t></w:r></w:hyperlink>')
    + '<w:sectPr w:rsidR="00F1"><w:headerReference w:type="default" r:id="rId8"/><w:footerReference w:type="default" r:id="rId9"/>'
      '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1800" w:bottom="1440" w:left="1800" '
      'w:header="851" w:footer="992" w:gutter="0"/><w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="360"/></w:sectPr>'
)

LVL = ''.join(
    f'<w:lvl w:ilvl="{i}" w:tplc="0409000F"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
    f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{left}" w:hanging="{hang}"/></w:pPr>'
    + ('<w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr>' if i < 2 else '') + '</w:lvl>'
    for i, (fmt, text, left, hang) in enumerate([
        ("taiwaneseCountingThousand", "%1、", 640, 640), ("taiwaneseCountingThousand", "(%2)", 1280, 640),
        ("decimal", "%3.", 1600, 320), ("decimal", "(%4)", 2080, 480)]))

parts = {
    "[Content_Types].xml":
        HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="png" ContentType="image/png"/>'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '</Types>',
    "_rels/.rels":
        HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId3" Type="' + R + 'extended-properties" Target="docProps/app.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        '<Relationship Id="rId1" Type="' + R + 'officeDocument" Target="word/document.xml"/></Relationships>',
    "docProps/core.xml":
        HEAD + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>設備進駐核復函</dc:title>'
        '<dc:creator>資訊中心</dc:creator><cp:lastModifiedBy>承辦人</cp:lastModifiedBy>'
        '<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-25T00:00:00Z</dcterms:created></cp:coreProperties>',
    "docProps/app.xml": HEAD + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"/>',
    "word/document.xml": HEAD + f'<w:document {NS}><w:body>{body}</w:body></w:document>',
    "word/_rels/document.xml.rels":
        HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId8" Type="' + R + 'header" Target="header1.xml"/>'
        '<Relationship Id="rId3" Type="' + R + 'settings" Target="settings.xml"/>'
        '<Relationship Id="rId2" Type="' + R + 'styles" Target="styles.xml"/>'
        '<Relationship Id="rId1" Type="' + R + 'numbering" Target="numbering.xml"/>'
        '<Relationship Id="rId9" Type="' + R + 'footer" Target="footer1.xml"/>'
        '<Relationship Id="rId11" Type="' + R + 'theme" Target="theme/theme1.xml"/>'
        '<Relationship Id="rId20" Type="' + R + 'hyperlink" Target="https://www.taichung.gov.tw/" TargetMode="External"/>'
        '</Relationships>',
    "word/_rels/header1.xml.rels":
        HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="' + R + 'image" Target="media/image1.png"/></Relationships>',
    "word/media/image1.png": png(20, 10),
    "word/header1.xml":
        HEAD + f'<w:hdr {NS}>' + para(
            '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="457200" cy="228600"/>'
            '<wp:docPr id="1" name="logo"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            '<pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="logo.png"/><pic:cNvPicPr/></pic:nvPicPr>'
            '<pic:blipFill><a:blip r:embed="rId1"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
            '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="457200" cy="228600"/></a:xfrm><a:prstGeom prst="rect"/></pic:spPr>'
            '</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>' + run(" 臺中市政府"),
            '<w:pStyle w:val="a7"/>') + '</w:hdr>',
    "word/footer1.xml":
        HEAD + f'<w:ftr {NS}>' + para(run("第 ") + field("PAGE   \\* MERGEFORMAT", "1") + run(" 頁，共 ")
                                      + field("NUMPAGES", "1") + run(" 頁"), '<w:jc w:val="center"/>') + '</w:ftr>',
    "word/settings.xml": HEAD + f'<w:settings {NS}><w:zoom w:percent="100"/><w:defaultTabStop w:val="480"/>'
        '<w:displayHorizontalDrawingGridEvery w:val="0"/><w:characterSpacingControl w:val="compressPunctuation"/></w:settings>',
    "word/numbering.xml": HEAD + f'<w:numbering {NS}><w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>'
        + LVL + '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>',
    "word/styles.xml": HEAD + f'<w:styles {NS}><w:docDefaults><w:rPrDefault><w:rPr>'
        '<w:rFonts w:asciiTheme="minorHAnsi" w:eastAsiaTheme="minorEastAsia" w:hAnsiTheme="minorHAnsi" w:cstheme="minorBidi"/>'
        '<w:kern w:val="2"/><w:sz w:val="24"/><w:szCs w:val="22"/><w:lang w:val="en-US" w:eastAsia="zh-TW" w:bidi="ar-SA"/>'
        '</w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>'
        '<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:qFormat/>'
        '<w:pPr><w:widowControl w:val="0"/></w:pPr><w:rPr><w:rFonts w:eastAsia="標楷體"/><w:sz w:val="28"/></w:rPr></w:style>'
        '<w:style w:type="character" w:default="1" w:styleId="a0"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/></w:style>'
        '<w:style w:type="table" w:default="1" w:styleId="a1"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
        '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        '<w:style w:type="table" w:styleId="a5"><w:name w:val="Table Grid"/><w:basedOn w:val="a1"/><w:uiPriority w:val="39"/>'
        '<w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        '</w:tblBorders></w:tblPr></w:style>'
        '<w:style w:type="character" w:styleId="a6"><w:name w:val="Hyperlink"/><w:basedOn w:val="a0"/><w:rPr><w:color w:val="0563C1" w:themeColor="hyperlink"/><w:u w:val="single"/></w:rPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="a7"><w:name w:val="header"/><w:basedOn w:val="a"/>'
        '<w:pPr><w:tabs><w:tab w:val="center" w:pos="4153"/><w:tab w:val="right" w:pos="8306"/></w:tabs><w:snapToGrid w:val="0"/></w:pPr>'
        '<w:rPr><w:sz w:val="20"/></w:rPr></w:style></w:styles>',
    "word/theme/theme1.xml": HEAD + '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office 佈景主題">'
        '<a:themeElements><a:fontScheme name="Office"><a:majorFont><a:latin typeface="Calibri Light"/><a:ea typeface=""/><a:cs typeface=""/>'
        '<a:font script="Jpan" typeface="游ゴシック Light"/><a:font script="Hant" typeface="新細明體"/></a:majorFont>'
        '<a:minorFont><a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/><a:font script="Jpan" typeface="游明朝"/>'
        '<a:font script="Hans" typeface="等线"/><a:font script="Hant" typeface="新細明體"/></a:minorFont></a:fontScheme></a:themeElements></a:theme>',
}

with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for name, data in parts.items():
        z.writestr(name, data.encode() if isinstance(data, str) else data)
