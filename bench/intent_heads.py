"""Which features the intent head should use, measured: n-grams, the sentence embedding, or both.

python -m bench.intent_heads [--datasets DIR]

Trains three heads on the built-in data only (same examples, same logistic regression) and
scores them on data none of them was chosen on: the Bitext *validation* split (the test split is
kept for bench.nlu_eval), CLINC150's validation split (out-of-scope recall on oos_val; in-scope
shop-relevant queries not rejected) and our own six-language held-out sets. Prints a markdown
table per confidence threshold.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import yaml

from bench.nlu_eval import CLINC_SHOP, DATASETS, SPLIT, read_csv
from shopdesk.core.types import SUPPORTED_LOCALES
from shopdesk.nlu.embeddings import embedding_text, encode
from shopdesk.nlu.entities import EntityExtractor
from shopdesk.nlu.intents import EMBEDDING_WEIGHT, IntentClassifier, intent_text
from shopdesk.nlu.linear import LinearTextModel
from shopdesk.nlu.normalize import clean
from shopdesk.nlu.training import load_examples

VALIDATION_CSV = "Bitext_Sample_Customer_Service_Validation_Dataset.csv"
HELD_OUT = Path(__file__).resolve().parents[1] / "tests" / "unit" / "nlu" / "data"
THRESHOLDS = (0.2, 0.3, 0.45)


def prepare(texts: Sequence[str]) -> tuple[list[str], np.ndarray]:
    extractor = EntityExtractor()
    found = [extractor.extract(clean(t)) for t in texts]
    prepared = [intent_text(clean(t), f) for t, f in zip(texts, found, strict=True)]
    vectors = encode([embedding_text(clean(t), f) for t, f in zip(texts, found, strict=True)])
    return prepared, vectors


def held_out() -> list[tuple[str, str]]:
    out = []
    for lang in SUPPORTED_LOCALES:
        spec = yaml.safe_load((HELD_OUT / f"test_{lang}.yml").read_text("utf-8"))
        for intent, block in spec.items():
            out += [(line.strip(), intent) for line in block.splitlines() if line.strip()]
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=Path, default=DATASETS)
    args = parser.parse_args(argv)
    root: Path = args.datasets
    validation = [(r["utterance"], r["intent"]) for r in read_csv(root / SPLIT / VALIDATION_CSV)]
    clinc = json.loads((root / "clinc150_oos_eval" / "data_full.json").read_text("utf-8"))
    sets = {
        "Bitext validation": validation,
        "own held-out (6 languages)": held_out(),
        "CLINC oos_val": [(t, "out_of_scope") for t, _ in clinc["oos_val"]],
        "CLINC shop-relevant val": [(t, i) for t, i in clinc["val"] if i in CLINC_SHOP],
    }
    examples = load_examples()
    started = time.perf_counter()
    train_texts, train_vectors = prepare([e.text for e in examples])
    labels = [e.intent for e in examples]
    prepared = {name: prepare([t for t, _ in rows]) for name, rows in sets.items()}
    print(f"{len(examples)} built-in examples; features in {time.perf_counter() - started:.0f} s")

    heads: dict[str, IntentClassifier] = {}
    heads["n-grams"] = IntentClassifier.train(train_texts, labels)
    heads["n-grams + embedding"] = IntentClassifier.train(
        train_texts, labels, embeddings=train_vectors
    )
    only = LinearTextModel([], dense_weight=EMBEDDING_WEIGHT)
    only.fit(train_texts, labels, balanced=True, dense=train_vectors)
    heads["embedding"] = IntentClassifier(only)

    for threshold in THRESHOLDS:
        print(f"\nconfidence threshold {threshold}\n")
        print("| head | " + " | ".join(sets) + " |")
        print("|---|" + "---:|" * len(sets))
        for name, head in heads.items():
            head.threshold = threshold
            cells = []
            for set_name, rows in sets.items():
                texts, vectors = prepared[set_name]
                predicted = [
                    head.decide(head.rank(t, v if head.uses_embeddings else None))[0]
                    for t, v in zip(texts, vectors, strict=True)
                ]
                if set_name == "CLINC shop-relevant val":
                    score = np.mean([p != "out_of_scope" for p in predicted])
                else:
                    score = np.mean([p == g for p, (_, g) in zip(predicted, rows, strict=True)])
                cells.append(f"{score:.3f}")
            print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
