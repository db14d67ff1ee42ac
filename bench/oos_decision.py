"""How to decide "out of scope", measured on validation data: rules and their trade-off curve.

python -m bench.oos_decision [--datasets DIR]

Trains the built-in intent head once (built-in data only) and scores several out-of-scope rules
over its logits, on CLINC150's *validation* data only (the test split is for bench.nlu_eval):

- out-of-scope recall: oos_val (100 queries no assistant domain covers);
- unrelated domains rejected: CLINC's in-scope val queries of travel, auto, kitchen, work and
  utility (500), off-topic for a shop;
- shop-relevant kept: CLINC's val queries a shop's bot should handle or route (400,
  ``bench.nlu_eval.CLINC_SHOP``), share not rejected;
- the Bitext validation split and our held-out sets, share right (the rule must not cost them).

Rules, each at the cut that keeps a given share of the shop-relevant queries:
max-probability (the best in-scope intent's probability), 1 - p(out_of_scope), the logit margin
of the best in-scope intent over out_of_scope, max-logit and energy (log-sum-exp of the in-scope
logits). Then the shipped rule (threshold and margin together) over a grid of margins.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bench.intent_heads import VALIDATION_CSV, held_out, prepare
from bench.nlu_eval import CLINC_SHOP, CLINC_UNRELATED, DATASETS, SPLIT, read_csv
from shopdesk.nlu.intents import DEFAULT_MARGIN, DEFAULT_THRESHOLD, IntentClassifier
from shopdesk.nlu.training import load_examples

KEEP = (0.95, 0.96, 0.97, 0.98)
MARGINS = (0.0, 0.25, 0.5, 0.75, 1.0)


def logits(head: IntentClassifier, texts: Sequence[str], vectors: np.ndarray) -> np.ndarray:
    """The head's raw class scores for prepared texts, one row per text."""
    return np.array([head.logits(t, v) for t, v in zip(texts, vectors, strict=True)])


def scores(lg: np.ndarray, oos: int) -> dict[str, np.ndarray]:
    """Higher means more in scope, per rule."""
    p = np.exp(lg - lg.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    ins = np.delete(lg, oos, 1)
    top = ins.max(1)
    lse = np.log(np.exp(ins - top[:, None]).sum(1)) + top
    return {
        "max-probability": np.delete(p, oos, 1).max(1),
        "1 - p(out_of_scope)": 1 - p[:, oos],
        "margin over out_of_scope": top - lg[:, oos],
        "max-logit": top,
        "energy": lse,
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=Path, default=DATASETS)
    args = parser.parse_args(argv)
    root: Path = args.datasets
    clinc = json.loads((root / "clinc150_oos_eval" / "data_full.json").read_text("utf-8"))
    domains = json.loads((root / "clinc150_oos_eval" / "domains.json").read_text("utf-8"))
    unrelated = {i for d in CLINC_UNRELATED for i in domains[d]}
    sets = {
        "oos_val recall": [t for t, _ in clinc["oos_val"]],
        "unrelated val rejected": [t for t, i in clinc["val"] if i in unrelated],
        "shop-relevant val kept": [t for t, i in clinc["val"] if i in CLINC_SHOP],
    }
    labelled = {
        "Bitext validation": [
            (r["utterance"], r["intent"]) for r in read_csv(root / SPLIT / VALIDATION_CSV)
        ],
        "own held-out": held_out(),
    }
    examples = load_examples()
    train_texts, train_vectors = prepare([e.text for e in examples])
    head = IntentClassifier.train(
        train_texts, [e.intent for e in examples], embeddings=train_vectors
    )
    oos = head.labels.index("out_of_scope")
    clinc_prepared = {name: prepare(texts) for name, texts in sets.items()}
    lg = {name: logits(head, *x) for name, x in clinc_prepared.items()}
    prepared = {name: prepare([t for t, _ in rows]) for name, rows in labelled.items()}

    shop = "shop-relevant val kept"
    by_rule = {name: scores(x, oos) for name, x in lg.items()}
    for keep in KEEP:
        print(f"\nshop-relevant val kept = {keep:.2f}\n")
        print("| rule | oos_val recall | unrelated val rejected |")
        print("|---|---:|---:|")
        for rule in by_rule[shop]:
            cut = np.quantile(by_rule[shop][rule], 1 - keep)
            cells = [np.mean(by_rule[n][rule] < cut) for n in sets if n != shop]
            print(f"| {rule} | " + " | ".join(f"{c:.3f}" for c in cells) + " |")

    print(f"\nShipped rule: threshold {DEFAULT_THRESHOLD}, margin over out_of_scope:\n")
    print("| margin | " + " | ".join([*sets, *labelled]) + " |")
    print("|---:|" + "---:|" * (len(sets) + len(labelled)))
    for margin in MARGINS:
        head.margin = margin
        cells = []
        for name in sets:
            decided = [
                head.decide(head.rank(t, v))[0] for t, v in zip(*clinc_prepared[name], strict=True)
            ]
            rejected = np.mean([d == "out_of_scope" for d in decided])
            cells.append(1 - rejected if name == shop else rejected)
        for name, rows in labelled.items():
            texts, vectors = prepared[name]
            decided = [head.decide(head.rank(t, v))[0] for t, v in zip(texts, vectors, strict=True)]
            cells.append(np.mean([d == g for d, (_, g) in zip(decided, rows, strict=True)]))
        mark = " (shipped)" if margin == DEFAULT_MARGIN else ""
        print(f"| {margin}{mark} | " + " | ".join(f"{c:.3f}" for c in cells) + " |")


if __name__ == "__main__":
    main()
