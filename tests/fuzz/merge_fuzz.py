#!/usr/bin/env python3
"""Random structural fuzzing of the template compiler and the merge through
the CLI: random tag soup in paragraphs, split runs and nested tables, random
data; every run must end with exit 0, 1 or 3 within 20 s, without a sanitizer
report, and a merged document.xml must be well-formed XML.  Failing inputs are
kept in OUTDIR.  Not part of `make test` (random); run it on the ASan build:

    python3 tests/fuzz/merge_fuzz.py out/asan/gongwen-asan 120 /tmp/fuzz-out
"""
import json, os, random, shutil, subprocess, sys, tempfile, time, zipfile
import xml.dom.minidom

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data"))
from mktpl import docx, p, r, tbl, tr, tc  # noqa: E402

TOK = ["{", "}", "#", "/", "^", "a", "b", ".", "|", " ", "roc_date", 'default:"x"', "checkbox",
       "zh_number", "中", "{#a}", "{/a}", "{#b}", "{/b}", "{^a}", "{a}", "{b.c}", "{.}", "{$index}",
       "&", "<", '"', ":", "join", "“", "\U00021619"]


def text():
    return "".join(random.choice(TOK) for _ in range(random.randint(0, 8)))


def block(d=0):
    if random.random() < 0.7 or d > 1:
        return p(*[r(text()) for _ in range(random.randint(1, 4))])
    return tbl(*[tr(*[tc(*[block(d + 1) for _ in range(random.randint(1, 2))])
                      for _ in range(random.randint(1, 3))]) for _ in range(random.randint(1, 3))])


def val(d=0):
    k = random.random()
    if d > 2 or k < 0.3:
        return random.choice(["x", "", 0, 1, 2.5, True, False, None, "2026-11-25", "a\nb\u0001", "\uffff"])
    if k < 0.6:
        return [val(d + 1) for _ in range(random.randint(0, 3))]
    return {kk: val(d + 1) for kk in random.sample(["a", "b", "c"], random.randint(0, 3))}


def main():
    binary, seconds, keep = os.path.abspath(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
    os.makedirs(keep, exist_ok=True)
    work = tempfile.mkdtemp(prefix="gw-fuzz-")
    runs = bad = 0
    t0 = time.time()
    while time.time() - t0 < seconds:
        docx(os.path.join(work, "t.docx"), "".join(block() for _ in range(random.randint(1, 6))))
        json.dump({"a": val(), "b": val()}, open(os.path.join(work, "d.json"), "w"))
        for args in (["tags", "t.docx"], ["merge", "t.docx", "d.json", "-o", "o.docx"],
                     ["merge", "--lenient", "t.docx", "d.json", "-o", "o.docx"]):
            runs += 1
            why = None
            try:
                res = subprocess.run([binary] + args, cwd=work, capture_output=True, timeout=20)
                if res.returncode not in (0, 1, 3) or b"Sanitizer" in res.stderr or b"runtime error" in res.stderr:
                    why = "crash: " + res.stderr[-1500:].decode(errors="replace")
                elif res.returncode == 0 and args[0] == "merge":
                    try:
                        xml.dom.minidom.parseString(zipfile.ZipFile(os.path.join(work, "o.docx")).read("word/document.xml"))
                    except Exception as e:  # noqa: BLE001
                        why = f"bad XML: {e}"
            except subprocess.TimeoutExpired:
                why = "hang"
            if why:
                bad += 1
                for f in ("t.docx", "d.json"):
                    shutil.copy(os.path.join(work, f), os.path.join(keep, f"{bad}-{f}"))
                print(bad, " ".join(args), why)
    shutil.rmtree(work)
    print(f"{runs} runs, {bad} failures")
    sys.exit(1 if bad else 0)


main()
