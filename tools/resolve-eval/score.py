#!/usr/bin/env python3
"""Scores `buyergraph resolve` answers against queries.tsv (see make_set.py).

  score.py queries.tsv answers.jsonl SPLIT [--errors N]

answers.jsonl holds one answer per query of SPLIT, in file order. Prints right / wrong /
abstained over all queries of the split, right over the queries whose company is in the
directory ("right/pr"), the correct outcomes ("correct": right, or abstained when the company is
not in the directory), the same per query shape, and the resolved answers per evidence rule with their
precision (the calibration of data/resolve/confidence.txt uses the dev split only).
"""
import json
import sys
from collections import Counter, defaultdict


def main(argv):
    queries_path, answers_path, split = argv[1:4]
    show_errors = int(argv[argv.index("--errors") + 1]) if "--errors" in argv else 0
    cases = []
    with open(queries_path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            s, q, expected, shape = line.rstrip("\n").split("\t")
            if s == split:
                cases.append((q, expected, shape))
    with open(answers_path, encoding="utf-8") as f:
        answers = [json.loads(l) for l in f if l.strip()]
    if len(answers) != len(cases):
        sys.exit(f"{len(answers)} answers for {len(cases)} queries")
    total = Counter()
    per_shape = defaultdict(Counter)
    per_rule = defaultdict(Counter)
    errors = []
    for (q, expected, shape), a in zip(cases, answers):
        resolved = a.get("status") == "resolved"
        got = (a.get("company") or {}).get("id", "")
        outcome = "right" if resolved and got == expected else "wrong" if resolved else "abstained"
        for c in (total, per_shape[shape]):
            c[outcome] += 1
            c["correct"] += outcome == "right" or (outcome == "abstained" and not expected)
            c["present"] += bool(expected)
            c["right_present"] += outcome == "right"
        if resolved:
            rule = (a.get("evidence") or {}).get("rule", "?")
            per_rule[rule][outcome] += 1
        if outcome == "wrong" or (outcome == "abstained" and expected):
            errors.append((outcome, q, expected, got, a.get("reason", "")))

    def line(name, c):
        n = c["right"] + c["wrong"] + c["abstained"]
        present = c["present"] or 1
        return (f"{name:<20} {n:>6} {c['present']:>8} {c['right_present'] / present:>9.3f} "
                f"{c['correct'] / n:>8.3f} {c['right'] / n:>7.3f} {c['wrong'] / n:>7.4f} "
                f"{c['abstained'] / n:>9.3f}")

    print(f"split {split}")
    print(f"{'':<20} {'queries':>6} {'present':>8} {'right/pr':>9} {'correct':>8} {'right':>7} "
          f"{'wrong':>7} {'abstained':>9}")
    print(line("all", total))
    for shape in sorted(per_shape):
        print(line(shape, per_shape[shape]))
    print("\nresolved answers per evidence rule (precision):")
    for rule in sorted(per_rule):
        c = per_rule[rule]
        n = c["right"] + c["wrong"]
        print(f"  {rule:<22} {n:>6}  {c['right'] / n:.4f}")
    for e in errors[:show_errors]:
        print("  " + " | ".join(e))


if __name__ == "__main__":
    main(sys.argv)
