#!/usr/bin/python3
"""corpus_rows.py OUTDIR — the fidelity corpus's table rows across pages and
line breaking of mixed Chinese/Latin text (issue 14), made as make_corpus.py
makes the rest (python-docx, the same styles and fonts):

  c-rows-split2col    a two-column row of many paragraphs continues on the next page
  c-rows-cantsplit    a w:cantSplit row taller than a page splits where it is
  c-rows-header       45 rows under a w:tblHeader row repeated on each page,
                      every other row w:cantSplit
  c-rows-vmerge       a vertically merged group moves whole to the next page
  c-rows-vmerge-huge  a merged group taller than a page splits at a row
  c-breaks            ports, host names, URLs, paths and tags in Chinese text at
                      every line position (where LibreOffice breaks them)
  c-breaks-cells      words longer than a narrow cell ("2.4.62、Tomcat"), cut as
                      LibreOffice cuts them
Deterministic: the same files every run.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_corpus import new_doc, para  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402

LONG = "臺中市政府資訊機房設備移入申請之說明文字，用於測試表格列跨頁時的文字是否完整呈現於輸出檔案中。"


def row_props(row, cant=False, header=False):
    pr = row._tr.get_or_add_trPr()
    if cant:
        pr.append(OxmlElement("w:cantSplit"))
    if header:
        pr.append(OxmlElement("w:tblHeader"))


def fill(cell, texts):
    cell.paragraphs[0].text = texts[0]
    for t in texts[1:]:
        cell.add_paragraph(t)


def lead(n):
    d = new_doc()
    for i in range(n):
        para(d, "前文第%d段：%s" % (i + 1, LONG))
    return d


def split2col(path):
    d = lead(12)
    t = d.add_table(rows=1, cols=2)
    t.style = "Table Grid"
    fill(t.rows[0].cells[0], ["甲值%d：%s" % (i + 1, LONG) for i in range(8)])
    fill(t.rows[0].cells[1], ["乙值%d：%s" % (i + 1, LONG * 2) for i in range(8)])
    para(d, "表後文字。")
    d.save(path)


def cantsplit(path):
    d = lead(3)
    t = d.add_table(rows=2, cols=2)
    t.style = "Table Grid"
    row_props(t.rows[1], cant=True)
    t.rows[0].cells[0].text = "小列"
    t.rows[0].cells[1].text = "小列"
    fill(t.rows[1].cells[0], ["丙值%d：%s" % (i + 1, LONG * 2) for i in range(30)])
    t.rows[1].cells[1].text = "右"
    para(d, "表後文字。")
    d.save(path)


def header(path):
    d = lead(2)
    t = d.add_table(rows=1, cols=3)
    t.style = "Table Grid"
    row_props(t.rows[0], header=True)
    for j, c in enumerate(t.rows[0].cells):
        c.text = ["項次", "名稱", "說明"][j]
    for i in range(45):
        r = t.add_row()
        row_props(r, cant=i % 2 == 0)
        r.cells[0].text = str(i + 1)
        r.cells[1].text = "設備%d" % (i + 1)
        r.cells[2].text = LONG[:20 + i % 30]
    d.save(path)


def vmerge(path, lead_n, rows, merged_n, side_n):
    d = lead(lead_n)
    t = d.add_table(rows=rows, cols=3 if side_n == 0 else 2)
    t.style = "Table Grid"
    a = t.cell(0, 0).merge(t.cell(rows - 1, 0))
    fill(a, ["合併%d：%s" % (i + 1, LONG) for i in range(merged_n)])
    for i in range(rows):
        if side_n:
            fill(t.cell(i, 1), ["右%d-%d：%s" % (i + 1, k, LONG) for k in range(side_n)])
        else:
            t.cell(i, 1).text = "列%d" % (i + 1)
            t.cell(i, 2).text = "值%d" % (i + 1)
    para(d, "表後文字。")
    d.save(path)


BREAKS = [
    "連接埠 443/TCP 及 1433/TCP，以及 22/TCP 與 53/UDP 連線",
    "設備之機櫃位置{/kind.inbound}{#kind.outbound}及下架作業{/kind.outbound}",
    "主機 epa-aqweb-prod01.epa.taichung.gov.tw 與 Server(WEB AP+DB) 電話 0912-345-678",
    "網址 https://www.example.com.tw/path/to/file.html 及 C:\\Program Files\\App 與 a/b/c/d/e",
    "版本 Red Hat Enterprise Linux 9.4 (x86_64) 及 Apache httpd 2.4.62、Tomcat 10.1.28、Node.js 20 LTS",
    "至{vpn.period.to_text}止{/vpn.period.to_is_date}{^vpn.period.to_is_date}{#vpn.period.to_text}",
    "資料{rack_units}Uxyz{/devices_front}與{abc}{def}ghijk與",
]


def breaks(path):
    d = new_doc()
    for t in BREAKS:
        for k in range(34):
            para(d, "測" * k + t)
    d.save(path)


CELLS = [
    "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ",
    "Apache httpd 2.4.62、Tomcat 10.1.28、Node.js 20 LTS",
    "{vpn.period.to_is_date}{^vpn.period.to_is_date}",
    "epa-aqweb-prod01.epa.taichung.gov.tw",
    "Red Hat Enterprise Linux 9.4 (x86_64)",
    "a.b.c.d.e.f.g.h.i.j.k.l.m.n",
    "abc、defghijklmnop",
    "中文abcdefghijklmnopqrstuvwxyz中文",
]


def breaks_cells(path):
    d = new_doc(size=10)
    for w in (900, 1200, 1500):
        t = d.add_table(rows=len(CELLS), cols=1)
        t.style = "Table Grid"
        t.autofit = False
        for i, text in enumerate(CELLS):
            t.cell(i, 0).text = text
        for g in t._tbl.tblGrid.findall(qn("w:gridCol")):
            g.set(qn("w:w"), str(w))
        for row in t.rows:
            tcw = row.cells[0]._tc.get_or_add_tcPr().get_or_add_tcW()
            tcw.set(qn("w:w"), str(w))
            tcw.set(qn("w:type"), "dxa")
        para(d, "")
    d.save(path)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    split2col(os.path.join(out, "c-rows-split2col.docx"))
    cantsplit(os.path.join(out, "c-rows-cantsplit.docx"))
    header(os.path.join(out, "c-rows-header.docx"))
    vmerge(os.path.join(out, "c-rows-vmerge.docx"), 20, 6, 6, 3)
    vmerge(os.path.join(out, "c-rows-vmerge-huge.docx"), 4, 5, 40, 0)
    breaks(os.path.join(out, "c-breaks.docx"))
    breaks_cells(os.path.join(out, "c-breaks-cells.docx"))


if __name__ == "__main__":
    main()
