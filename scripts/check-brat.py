#!/usr/bin/env python3
"""Check brat standoff exports with an independent reader.

Usage: check-brat.py DIR

Reads every NAME.txt / NAME.ann pair in DIR with the brat reader of the
`bioc` package (PyPI; `pip install bioc`), the reader that parsed all of
brat's own example data correctly, and checks for every text-bound (T)
annotation that:

- the text of each of its pieces, taken from the .txt at the piece's offsets
  (Python string indices, i.e. code points), joined by single spaces as the
  brat spec says, equals the text the T line states;
- no piece holds a line break or a tab (brat never makes such spans);
- the offsets lie inside the text;

that every relation (R) has the two arguments Arg1 and Arg2, both T lines of
the file; and that every note (#) refers to an annotation of the file, and
that bioc found as many T, R and # lines as the file has. Files are read as brat reads
them: UTF-8 with universal newlines.

Exit status: 0 when every check passes, 1 when one fails, 2 when DIR holds
no .txt/.ann pair or bioc is missing.
"""

import sys
from pathlib import Path


def pieces(entity):
    """The (start, end) pieces of a bioc BratEntity, in text order."""
    return sorted((iv.begin, iv.end) for iv in entity.locations)


def check_pair(txt_path, ann_path, loads):
    text = txt_path.read_text(encoding="utf-8")
    ann = ann_path.read_text(encoding="utf-8")
    doc = loads(text, ann)
    problems = []
    ids = {a.id for a in doc.annotations}
    raw_t = sum(1 for line in ann.splitlines() if line.startswith("T"))
    raw_notes = sum(1 for line in ann.splitlines() if line.startswith("#"))
    raw_r = sum(1 for line in ann.splitlines() if line.startswith("R"))
    entity_ids = {e.id for e in doc.entities}
    if len(doc.relations) != raw_r:
        problems.append(f"bioc read {len(doc.relations)} R lines of {raw_r}")
    for r in doc.relations:
        args = r.arguments
        if sorted(args) != ["Arg1", "Arg2"] or not set(args.values()) <= entity_ids:
            problems.append(f"{r.id}: arguments {args} are not two T lines of the file")
    if len(doc.entities) != raw_t:
        problems.append(f"bioc read {len(doc.entities)} T lines of {raw_t}")
    if len(doc.notes) != raw_notes:
        problems.append(f"bioc read {len(doc.notes)} notes of {raw_notes}")
    for e in doc.entities:
        spans = pieces(e)
        if not spans:
            problems.append(f"{e.id}: no offsets")
            continue
        for s, t in spans:
            if not 0 <= s < t <= len(text):
                problems.append(f"{e.id}: piece {s}..{t} is empty or outside the text ({len(text)})")
            elif any(c in text[s:t] for c in "\n\r\t"):
                problems.append(f"{e.id}: piece {s}..{t} holds a line break or tab")
        joined = " ".join(text[s:t] for s, t in spans)
        if joined != e.text:
            problems.append(f"{e.id}: states {e.text!r} but the text at {spans} is {joined!r}")
    for n in doc.notes:
        if n.refid not in ids:
            problems.append(f"{n.id}: refers to {n.refid}, not in the file")
    return f"{len(doc.entities)} spans, {len(doc.relations)} relations", len(doc.notes), problems


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    try:
        from bioc.brat.decoder import loads
    except ImportError:
        print("bioc is not installed (pip install bioc)", file=sys.stderr)
        return 2
    folder = Path(argv[1])
    pairs = [
        (t, t.with_suffix(".ann"))
        for t in sorted(folder.glob("*.txt"))
        if t.with_suffix(".ann").is_file()
    ]
    if not pairs:
        print(f"no .txt/.ann pairs in {folder}", file=sys.stderr)
        return 2
    failed = 0
    for txt_path, ann_path in pairs:
        try:
            spans, notes, problems = check_pair(txt_path, ann_path, loads)
        except Exception as err:  # bioc asserts on malformed lines
            spans, notes, problems = "0 spans", 0, [f"bioc could not read it: {err!r}"]
        status = "ok" if not problems else "FAILED"
        print(f"{ann_path.name}: {spans}, {notes} notes: {status}")
        for p in problems:
            print(f"  {p}")
        failed += bool(problems)
    print(f"{len(pairs)} pairs, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
