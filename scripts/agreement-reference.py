#!/usr/bin/env python3
"""Reference figures for Marginalia's agreement measures, from the reference
libraries themselves: Cohen's kappa by scikit-learn (`cohen_kappa_score`)
and Krippendorff's alpha by `krippendorff` (`level_of_measurement="nominal"`;
its default is interval), on generated multi-annotator data.

Usage: agreement-reference.py OUT.json
       agreement-reference.py --case IN.json OUT.json

The second form reads one case, {"text", "layers": [{"annotator", "marks":
[{"label", "parts": [[start, end], ...]}]}]} (code points), and writes its
figures, {"expected": [...]}, for the labels its layers use: how the
end-to-end test checks the Agreement panel on the data it made.

The data are drawn from a seeded generator (the same file every run), with
texts holding emoji, CJK, combining marks and several kinds of white space.
Coding units and their values follow docs/agreement.md exactly: every code
point that is not white space (Python's str.isspace matches Unicode
White_Space on these texts) is a unit; per label a unit's value is 1 when
one of the annotator's marks with that label covers it; overall it is the
sorted set of labels covering it, joined with "+". A figure a library
leaves undefined (nan, or an error for a single-valued domain) is written as
null. crates/agreement/tests/reference.rs compares every figure to 1e-9.
"""

import itertools
import json
import math
import random
import sys
import warnings

import krippendorff
import numpy as np
from sklearn.metrics import cohen_kappa_score

WORDS = ["the", "minister", "said", "\u201cwe", "will", "not\u201d", "\u4e2d\u56fd", "\u5916\u4ea4\u90e8",
         "caf\u00e9", "cafe\u0301", "\U0001F600", "\U0001F1FA\U0001F1F8", "according", "to", "sources"]
SPACES = [" ", " ", " ", "\n", "\u00a0", "\u3000", "  "]
LABELS = ["claim", "source", "quote", "Cue"]


def text_of(rng, words):
    out = []
    for _ in range(words):
        out.append(rng.choice(WORDS))
        out.append(rng.choice(SPACES))
    return "".join(out)


def random_marks(rng, length, count, labels):
    marks = []
    for _ in range(count):
        start = rng.randrange(0, max(1, length - 2))
        end = min(length, start + rng.randrange(1, 25))
        parts = [[start, end]]
        if rng.random() < 0.2 and end + 5 < length:
            s2 = end + rng.randrange(2, 5)
            parts.append([s2, min(length, s2 + rng.randrange(1, 10))])
        marks.append({"label": rng.choice(labels), "parts": parts})
    return marks


def perturbed(rng, marks, length, labels):
    """Another annotator's take: most marks kept, some moved, relabelled or
    dropped, a few added."""
    out = []
    for m in marks:
        r = rng.random()
        if r < 0.1:
            continue
        parts = [list(p) for p in m["parts"]]
        label = m["label"]
        if r < 0.3:
            parts[0][0] = max(0, min(parts[0][1] - 1, parts[0][0] + rng.randrange(-3, 4)))
        elif r < 0.4:
            label = rng.choice(labels)
        out.append({"label": label, "parts": parts})
    out += random_marks(rng, length, rng.randrange(0, 3), labels)
    return out


def units_of(text):
    return [i for i, c in enumerate(text) if not c.isspace()]


def covered(length, marks, label):
    cover = [False] * length
    for m in marks:
        if m["label"] != label:
            continue
        for s, e in m["parts"]:
            for i in range(max(0, s), min(length, e)):
                cover[i] = True
    return cover


def label_values(text, layers, label):
    units = units_of(text)
    return [[int(covered(len(text), l["marks"], label)[u]) for u in units] for l in layers]


def overall_values(text, layers):
    units = units_of(text)
    labels = sorted({m["label"] for l in layers for m in l["marks"]})
    rows = []
    for l in layers:
        covers = {lab: covered(len(text), l["marks"], lab) for lab in labels}
        rows.append(["+".join(lab for lab in labels if covers[lab][u]) for u in units])
    return rows


def finite(x):
    x = float(x)
    return None if math.isnan(x) or math.isinf(x) else x


def cohen(a, b):
    if not a:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return finite(cohen_kappa_score(a, b))


def alpha(rows):
    if len(rows) < 2 or not rows[0]:
        return None
    domain = sorted({v for r in rows for v in r})
    index = {v: i for i, v in enumerate(domain)}
    data = np.array([[index[v] for v in r] for r in rows], dtype=float)
    try:
        return finite(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal",
                                         value_domain=list(range(len(domain)))))
    except ValueError:  # one value only: "more than one value in the domain"
        return None


def figures(case, labels=LABELS):
    text, layers = case["text"], case["layers"]
    per_label = {lab: label_values(text, layers, lab) for lab in labels}
    per_label["overall"] = overall_values(text, layers)
    out = []
    for label, rows in per_label.items():
        for i, j in itertools.combinations(range(len(layers)), 2):
            out.append({"measure": "cohen_kappa", "label": label, "annotators": [i, j],
                        "value": cohen(rows[i], rows[j])})
            out.append({"measure": "krippendorff_alpha", "label": label, "annotators": [i, j],
                        "value": alpha([rows[i], rows[j]])})
        if len(layers) > 2:
            out.append({"measure": "krippendorff_alpha", "label": label,
                        "annotators": list(range(len(layers))), "value": alpha(rows)})
    return out


def cases():
    rng = random.Random(20261203)
    out = []
    for n in range(12):
        text = text_of(rng, rng.randrange(20, 120))
        k = rng.choice([2, 2, 3, 4])
        base = random_marks(rng, len(text), rng.randrange(2, 12), LABELS)
        layers = [{"annotator": "A", "marks": base}]
        for a in range(1, k):
            layers.append({"annotator": chr(ord("A") + a), "marks": perturbed(rng, base, len(text), LABELS)})
        out.append({"name": f"generated-{n}", "text": text, "layers": layers})
    text = text_of(rng, 30)
    same = random_marks(rng, len(text), 6, LABELS)
    out.append({"name": "identical", "text": text,
                "layers": [{"annotator": "A", "marks": same}, {"annotator": "B", "marks": same}]})
    out.append({"name": "an empty layer", "text": text,
                "layers": [{"annotator": "A", "marks": same}, {"annotator": "B", "marks": []}]})
    out.append({"name": "nothing marked", "text": text,
                "layers": [{"annotator": "A", "marks": []}, {"annotator": "B", "marks": []}]})
    out.append({"name": "only white space", "text": " \n\u3000 ",
                "layers": [{"annotator": "A", "marks": []}, {"annotator": "B", "marks": []}]})
    return out


def one_case(given, out):
    with open(given, encoding="utf-8") as f:
        case = json.load(f)
    labels = sorted({m["label"] for l in case["layers"] for m in l["marks"]})
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"expected": figures(case, labels)}, f, ensure_ascii=False)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--case":
        one_case(sys.argv[2], sys.argv[3])
        return
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    all_cases = cases()
    for c in all_cases:
        c["expected"] = figures(c)
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        json.dump({"generator": "scripts/agreement-reference.py", "cases": all_cases}, f,
                  ensure_ascii=False, indent=1)
        f.write("\n")
    count = sum(len(c["expected"]) for c in all_cases)
    print(f"agreement reference: {len(all_cases)} cases, {count} figures written to {sys.argv[1]}")


if __name__ == "__main__":
    main()
