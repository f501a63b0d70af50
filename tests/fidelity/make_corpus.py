#!/usr/bin/python3
"""make_corpus.py OUTDIR — write the fidelity corpus: DOCX files shaped like the
bureau's documents (a 函 with hanging 說明 items on a document grid, long
justified text with page-number fields, a multi-page form table with merged
cells and a repeated header row, paragraph spacing and keep rules).

Made with python-docx (Debian's python3-docx) plus raw XML where it has no API
(docGrid, eastAsia fonts, fields).  Deterministic: the same files every run.
"""
import sys
import os
from docx import Document
from docx.shared import Pt, Cm, Twips
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_BREAK
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml.ns import qn
from docx.oxml import OxmlElement

KAI = "標楷體"
SUNG = "新細明體"


def set_fonts(run_or_style, east=KAI, latin="Times New Roman", size=None):
    f = run_or_style.font
    f.name = latin
    rpr = run_or_style.element.get_or_add_rPr() if hasattr(run_or_style.element, "get_or_add_rPr") \
        else run_or_style._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), east)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    if size:
        f.size = Pt(size)


def new_doc(east=KAI, size=14, grid_pitch=None, margins=(2.5, 2.0, 2.0, 2.0)):
    d = Document()
    st = d.styles["Normal"]
    set_fonts(st, east, "Times New Roman", size)
    pf = st.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = 1.0
    s = d.sections[0]
    s.page_width = Twips(11906)
    s.page_height = Twips(16838)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = (Cm(m) for m in margins)
    s.header_distance = Cm(1.5)
    s.footer_distance = Cm(1.5)
    sp = s._sectPr
    for g in sp.findall(qn("w:docGrid")):
        sp.remove(g)
    if grid_pitch:
        g = OxmlElement("w:docGrid")
        g.set(qn("w:type"), "lines")
        g.set(qn("w:linePitch"), str(grid_pitch))
        sp.append(g)
    # zh-TW documents (as Word in Taiwan writes them): East Asian language
    # zh-TW (LibreOffice then hangs ，。 past the margin), the usual 480-twip
    # default tab
    rpr = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-TW")
    settings = d.settings.element
    for t in settings.findall(qn("w:defaultTabStop")):
        t.set(qn("w:val"), "480")
    return d


def para(d, text="", size=None, align=None, left=0, first=0, hanging=0, before=0, after=0,
         east=KAI, bold=False, keep_next=False, line=None):
    p = d.add_paragraph()
    pf = p.paragraph_format
    if align is not None:
        pf.alignment = align
    if left:
        pf.left_indent = Pt(left)
    if first:
        pf.first_line_indent = Pt(first)
    if hanging:
        pf.first_line_indent = Pt(-hanging)
    if before:
        pf.space_before = Pt(before)
    if after:
        pf.space_after = Pt(after)
    if keep_next:
        pf.keep_with_next = True
    if line is not None:
        pf.line_spacing = line
    if text:
        r = p.add_run(text)
        set_fonts(r, east, "Times New Roman", size)
        r.bold = bold or None
    return p


def field(p, instr, size=None):
    """A simple field (PAGE, NUMPAGES) with a cached result."""
    fs = OxmlElement("w:fldSimple")
    fs.set(qn("w:instr"), " %s " % instr)
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fs.append(r)
    p._p.append(fs)


J = WD_ALIGN_PARAGRAPH.JUSTIFY
C = WD_ALIGN_PARAGRAPH.CENTER
R = WD_ALIGN_PARAGRAPH.RIGHT


def letter(path, grid):
    d = new_doc(size=16, grid_pitch=grid)
    para(d, "檔　　號：", 12, left=300)
    para(d, "保存年限：", 12, left=300)
    para(d, "臺中市政府環境保護局　函", 20, C)
    para(d, "地址：40701臺中市西屯區文心路二段588號", 12, left=260)
    para(d, "承辦人：王小明", 12, left=260)
    para(d, "電話：04-22289111 分機 66301", 12, left=260)
    para(d, "電子信箱：wang@taichung.gov.tw", 12, left=260)
    para(d, "")
    para(d, "受文者：臺中市政府數位發展局", 16, hanging=64, left=64)
    para(d, "發文日期：中華民國115年11月20日", 12)
    para(d, "發文字號：中市環資字第1150012345號", 12)
    para(d, "速別：普通件", 12)
    para(d, "密等及解密條件或保密期限：", 12)
    para(d, "附件：如說明二", 12)
    para(d, "")
    para(d, "主旨：檢送本局「資訊機房設備／系統移（攜）出入申請單」1份，申請將本局空氣品質監測系統主機2台移入貴局資訊機房，請查照。",
         16, J, left=48, hanging=48)
    para(d, "說明：", 16)
    items = [
        "一、依據「臺中市政府資訊機房管理要點」及貴局115年10月1日中市數網字第1150098765號函辦理。",
        "二、檢送資訊機房設備／系統移（攜）出入申請單、資訊系統上線作業紀錄表、主機弱點掃描報告及病毒及惡意程式偵測報告各1份，相關設備資訊如下：",
        "（一）設備名稱：空氣品質監測資料庫伺服器（Server (DB)），作業系統為Windows Server 2022，預定移入日期為115年12月1日。",
        "（二）設備名稱：空氣品質監測應用伺服器（Server (AP)），作業系統為Red Hat Enterprise Linux 9.4，需使用內部IP位址及SSLVPN連線維護。",
        "三、本案聯絡人：資訊室王小明，電話：04-22289111分機66301，電子信箱：wang@taichung.gov.tw。",
    ]
    for t in items:
        if t.startswith("（"):
            para(d, t, 16, J, left=80, hanging=48)
        else:
            para(d, t, 16, J, left=32, hanging=32)
    para(d, "")
    para(d, "正本：臺中市政府數位發展局", 12, left=36, hanging=36)
    para(d, "副本：本局資訊室（含附件）", 12, left=36, hanging=36)
    para(d, "局長　陳大明", 20, R)
    d.save(path)


LOREM = ("臺中市政府為推動智慧城市發展，持續整合各機關資訊系統，並將主機設備集中於本府資訊機房管理，"
         "以提升資訊安全防護能量及維運效率。各機關申請設備進駐時，應依「資訊機房管理要點」檢附申請單、"
         "上線作業紀錄表及資安檢測報告（如：主機弱點掃描、網站應用程式弱點掃描、滲透測試等），"
         "經資訊機房管理人員、資通安全專職人員及網路連線管理人員審查後，始得進駐。"
         "Server (AP)、Server (DB) 及 Server (VM) 等設備應安裝防毒軟體、MDR 端點偵測及 VANS 弱點管理軟體，"
         "並於申請時提供佐證文件；Disk Array、Storage 及網路設備則免附資安檢測報告。")


def long_text(path, size, align, grid=None, line=None):
    d = new_doc(east=SUNG if size <= 12 else KAI, size=size, grid_pitch=grid)
    sec = d.sections[0]
    fp = sec.footer.paragraphs[0]
    fp.alignment = C
    r = fp.add_run("第")
    set_fonts(r, KAI, "Times New Roman", 10)
    field(fp, "PAGE")
    r = fp.add_run("頁，共")
    set_fonts(r, KAI, "Times New Roman", 10)
    field(fp, "NUMPAGES")
    r = fp.add_run("頁")
    set_fonts(r, KAI, "Times New Roman", 10)
    para(d, "資訊機房設備進駐說明", size + 4, C, after=size / 2, east=KAI, bold=True)
    for i in range(14):
        t = LOREM[(i * 37) % 60:] + LOREM[: (i * 37) % 60]
        para(d, ("%d、" % (i + 1)) + t, size, align, first=2 * size, after=size / 3,
             line=line, east=SUNG if size <= 12 else KAI)
    d.save(path)


def set_cell_border(cell, sz=4, val="single"):
    tcpr = cell._tc.get_or_add_tcPr()
    b = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        e = OxmlElement("w:%s" % side)
        e.set(qn("w:val"), val)
        e.set(qn("w:sz"), str(sz))
        e.set(qn("w:color"), "000000")
        b.append(e)
    tcpr.append(b)


def form(path):
    d = new_doc(size=12, margins=(1.5, 1.5, 1.5, 1.5))
    para(d, "資訊機房設備／系統移（攜）出入申請單", 18, C, after=6)
    t = d.add_table(rows=3, cols=4)
    t.style = d.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = [Cm(3.2), Cm(5.8), Cm(3.2), Cm(5.8)]
    labels = [("申請機關", "臺中市政府環境保護局", "申請日期", "115年11月20日"),
              ("聯絡人", "王小明", "電話", "04-22289111#66301"),
              ("移入類別", "☑移入　☐移出　☐攜入　☐攜出", "預定日期", "115年12月1日")]
    for r, row in enumerate(labels):
        for c, text in enumerate(row):
            cell = t.cell(r, c)
            cell.width = widths[c]
            cell.paragraphs[0].text = ""
            run = cell.paragraphs[0].add_run(text)
            set_fonts(run, KAI, "Times New Roman", 12)
    para(d, "")
    # the device list: header row repeated on every page, merged cells
    t2 = d.add_table(rows=1, cols=5)
    t2.style = d.styles["Table Grid"]
    hdr = ["項次", "設備名稱", "類型", "作業系統", "備註"]
    w2 = [Cm(1.5), Cm(5.5), Cm(3.0), Cm(4.5), Cm(3.5)]
    for c, h in enumerate(hdr):
        cell = t2.rows[0].cells[c]
        cell.width = w2[c]
        run = cell.paragraphs[0].add_run(h)
        set_fonts(run, KAI, "Times New Roman", 12)
        run.bold = True
        cell.paragraphs[0].alignment = C
    trpr = t2.rows[0]._tr.get_or_add_trPr()
    th = OxmlElement("w:tblHeader")
    trpr.append(th)
    kinds = ["Server (AP)", "Server (DB)", "Server (VM)", "Disk Array", "Network"]
    for i in range(36):
        row = t2.add_row()
        vals = [str(i + 1), "空氣品質監測系統主機第%d台（機櫃A%02d）" % (i + 1, i % 12 + 1),
                kinds[i % 5], "Windows Server 2022" if i % 2 else "Red Hat Enterprise Linux 9",
                "需內部IP" if i % 3 == 0 else "無"]
        for c, v in enumerate(vals):
            cell = row.cells[c]
            cell.width = w2[c]
            run = cell.paragraphs[0].add_run(v)
            set_fonts(run, KAI, "Times New Roman", 12)
    # merge the remarks of rows 4-6 (vMerge) and span a note row
    a = t2.cell(4, 4)
    b = t2.cell(6, 4)
    a.merge(b)
    note = t2.add_row()
    m = note.cells[0].merge(note.cells[4])
    m.paragraphs[0].text = ""
    run = m.paragraphs[0].add_run("備註：本表不敷使用時，請自行增列；虛擬主機位置及管理帳號由數位發展局填寫。")
    set_fonts(run, KAI, "Times New Roman", 12)
    para(d, "")
    para(d, "申請機關核章：", 14)
    d.save(path)


def spacing(path):
    d = new_doc(size=14)
    para(d, "段落間距與換頁", 18, C, after=12, keep_next=True)
    for i in range(12):
        para(d, "第%d段：前距%d點，後距%d點。" % (i + 1, i % 4 * 3, i % 3 * 6) + LOREM[:80 + i * 7], 14, J,
             before=i % 4 * 3, after=i % 3 * 6, line=[1.0, 1.5, 2.0][i % 3])
        if i == 5:
            p = para(d, "以下另起一頁。", 14)
            p.runs[0].add_break(WD_BREAK.PAGE)
    p = para(d, "固定行高18點的段落：" + LOREM[:120], 14, J)
    p.paragraph_format.line_spacing = Pt(18)
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    p = para(d, "最小行高24點的段落：" + LOREM[:120], 14, J)
    p.paragraph_format.line_spacing = Pt(24)
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
    d.save(path)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    letter(os.path.join(out, "c-letter-grid.docx"), 360)
    letter(os.path.join(out, "c-letter.docx"), None)
    long_text(os.path.join(out, "c-long-kai14.docx"), 14, J)
    long_text(os.path.join(out, "c-long-sung12-left.docx"), 12, WD_ALIGN_PARAGRAPH.LEFT)
    long_text(os.path.join(out, "c-long-grid600.docx"), 14, J, grid=600)
    form(os.path.join(out, "c-form.docx"))
    spacing(os.path.join(out, "c-spacing.docx"))
    import corpus_layout  # floats, columns, notes, fields, content controls (issue 14)
    corpus_layout.write(out, sys.modules[__name__])


if __name__ == "__main__":
    main()
