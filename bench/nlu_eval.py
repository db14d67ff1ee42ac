"""NLU quality on public test sets, printed as markdown tables.

python -m bench.nlu_eval [--quick] [--datasets DIR] [--only sentiment]

a. out of the box (built-in model only): Bitext official test split (810);
b. retrained: built-in + the Bitext train split, trained exactly as `shopdesk nlu train --data`
   does, next to a plain scikit-learn baseline (TF-IDF word 1-2 + char_wb 2-5 grams, LinearSVC)
   trained on the Bitext train split only; both on the Bitext test split and the legacy 2022 "8k"
   and 2020 "20k" samples (texts also in the train split are dropped);
c. CLINC150: out-of-scope recall on oos_test, and the share of shop-relevant in-scope queries
   not rejected as out of scope;
d. sentiment: the pipeline's scorer (embedding head blended with the lexicon) and the lexicon
   alone, on US airline tweets (en) and GermEval 2017 (de);
e. latency per message over the Bitext test split.

The data sets live in ../shared/datasets (never copied into the repository). --quick subsamples
the large sets (about a minute instead of several).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from shopdesk.cli_nlu import read_examples, train_pipeline
from shopdesk.nlu import embeddings
from shopdesk.nlu.entities import DEFAULT_ORDER_NUMBER_PATTERN
from shopdesk.nlu.evaluation import (
    accuracy,
    evaluate,
    in_scope_acceptance,
    macro_f1,
    out_of_scope_recall,
)
from shopdesk.nlu.pipeline import Pipeline, build_pipeline
from shopdesk.nlu.sentiment import NEGATIVE_BELOW, POSITIVE_ABOVE, SentimentScorer, lexicon_score
from shopdesk.nlu.sentiment import label as sentiment_label

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
SPLIT = "bitext_customer_support_intent_detection_split"
TRAIN_CSV = "Bitext_Sample_Customer_Service_Training_Dataset.csv"
TEST_CSV = "Bitext_Sample_Customer_Service_Testing_Dataset.csv"
LEGACY = "bitext_customer_support_legacy_samples"
LEGACY_8K = (
    "8k_customer_service_training_sample/Bitext_Sample_Customer_Service_Training_Dataset.csv"
)
LEGACY_20K = "20k_customer_support_sample/TrainingdatasetBitextsample.csv"
# The 2020 sample spells one intent differently; everything else is the current taxonomy.
LEGACY_LABELS = {"check_invoices": "check_invoice"}
# CLINC150 intents a shop's support bot should handle or route (the data set's README).
CLINC_SHOP = (
    *("order_status", "order", "shopping_list", "shopping_list_update"),
    *("card_declined", "pay_bill", "greeting", "goodbye", "thank_you", "are_you_a_bot"),
    *("what_can_i_ask_you", "what_is_your_name", "who_made_you", "who_do_you_work_for"),
    *("yes", "no", "maybe", "cancel", "repeat", "change_language"),
)
# Whole CLINC domains that have nothing to do with a shop: every query there should be rejected.
CLINC_UNRELATED = ("travel", "auto_and_commute", "kitchen_and_dining", "work", "utility")
QUICK_ROWS = 1500

Pairs = list[tuple[str, str]]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def key(text: str) -> str:
    return " ".join(text.lower().split())


def sample(rows: list[tuple[str, str]], n: int | None, seed: str) -> list[tuple[str, str]]:
    if n is None or len(rows) <= n:
        return rows
    return random.Random(seed).sample(rows, n)


def predict_all(pipeline: Pipeline, texts: Sequence[str]) -> list[str]:
    return [pipeline.understand(t).intent for t in texts]


def baseline_model(train: Pairs) -> Callable[[Sequence[str]], list[str]]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, make_pipeline
    from sklearn.svm import LinearSVC

    model = make_pipeline(
        FeatureUnion(
            [
                ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
                (
                    "chars",
                    TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
                ),
            ]
        ),
        LinearSVC(C=1.0),
    )
    model.fit([t for t, _ in train], [i for _, i in train])
    return lambda texts: [str(p) for p in model.predict(list(texts))]


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def latency(pipeline: Pipeline, texts: Sequence[str]) -> tuple[float, float]:
    for text in texts[:50]:
        pipeline.understand(text)
    timings = []
    for text in texts:
        t0 = time.perf_counter()
        pipeline.understand(text)
        timings.append((time.perf_counter() - t0) * 1000)
    return percentile(timings, 0.5), percentile(timings, 0.95)


def fmt(x: float) -> str:
    return f"{x:.3f}"


def sentiment_eval(
    root: Path, cap: int | None, pipeline: Pipeline | None = None
) -> list[tuple[str, int, float, float, float, float]]:
    """d. the pipeline's sentiment scorer, and the lexicon alone, on the airline tweets (en) and
    GermEval 2017 test (de)."""
    log("d. sentiment")
    scorer = next(
        c for c in (pipeline or build_pipeline()).components if isinstance(c, SentimentScorer)
    )
    sentiment_rows = []
    tweets = []
    airline = root / "twitter_us_airline_sentiment" / "airline_sentiment.jsonl"
    for line in airline.read_text("utf-8").splitlines():
        obj = json.loads(line)
        tweets.append((obj["text_repaired"] or obj["text"], obj["sentiment"]))
    german = []
    germeval = root / "germeval2017_db_customer_feedback" / "germeval2017_dev_test.jsonl"
    for line in germeval.read_text("utf-8").splitlines():
        obj = json.loads(line)
        if obj["split"] == "test" and obj["relevance"]:
            german.append((obj["text"], obj["sentiment"]))
    # The language is passed as the pipeline passes the detected one. Texts are embedded in
    # batches, as the Embedder would one by one (same vectors, much faster).
    for name, lang, rows in (
        ("US airline tweets (en)", "en", sample(tweets, cap, "tweets")),
        ("GermEval 2017 test, relevant (de)", "de", sample(german, cap, "germeval")),
    ):
        g = [s for _, s in rows]
        vectors = embeddings.encode([embeddings.embedding_text(t, []) for t, _ in rows])
        for how, p in (
            (
                "blended",
                [
                    sentiment_label(scorer.score(t, lang, v))
                    for (t, _), v in zip(rows, vectors, strict=True)
                ],
            ),
            ("lexicon only", [sentiment_label(lexicon_score(t, lang)) for t, _ in rows]),
        ):
            negative = next(s for s in evaluate(g, p).per_intent if s.intent == "negative")
            sentiment_rows.append(
                (
                    f"{name}, {how}",
                    len(rows),
                    accuracy(g, p),
                    macro_f1(g, p),
                    negative.recall,
                    negative.precision,
                )
            )
    return sentiment_rows


SENTIMENT_HEADER = (
    f"### d. Sentiment (score < {NEGATIVE_BELOW} negative, > {POSITIVE_ABOVE} positive, "
    "else neutral)\n"
)


def sentiment_table(rows: list[tuple[str, int, float, float, float, float]]) -> list[str]:
    out = [SENTIMENT_HEADER]
    out.append("| data set | n | accuracy | macro-F1 | negative recall | negative precision |")
    out.append("|---|---:|---:|---:|---:|---:|")
    for name, n, acc, f1, rec, prec in rows:
        out.append(f"| {name} | {n} | {fmt(acc)} | {fmt(f1)} | {fmt(rec)} | {fmt(prec)} |")
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="subsample the large sets")
    parser.add_argument("--datasets", type=Path, default=DATASETS)
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument(
        "--only", choices=["sentiment"], help="run only this section (faster to iterate on)"
    )
    args = parser.parse_args(argv)
    root: Path = args.datasets
    cap = QUICK_ROWS if args.quick else None
    if args.only == "sentiment":
        t0 = time.perf_counter()
        rows = sentiment_eval(root, cap)
        ms = (time.perf_counter() - t0) * 1000 / sum(n for _, n, *_ in rows)
        print(
            "\n".join(
                [
                    *sentiment_table(rows),
                    f"\nIncluding the pipeline build and the file reads: {ms:.3f} ms per text.",
                ]
            )
        )
        return
    started = time.perf_counter()
    figures: dict[str, object] = {"quick": args.quick}

    # -- data -------------------------------------------------------------------------------
    train_path = root / SPLIT / TRAIN_CSV
    test = [(r["utterance"], r["intent"]) for r in read_csv(root / SPLIT / TEST_CSV)]
    train_keys = {key(r["utterance"]) for r in read_csv(train_path)}
    legacy: dict[str, Pairs] = {}
    legacy_notes: list[str] = []
    for name, rel in (("8k (2022)", LEGACY_8K), ("20k (2020)", LEGACY_20K)):
        rows = read_csv(root / LEGACY / rel)
        mapped = Counter(r["intent"] for r in rows if r["intent"] in LEGACY_LABELS)
        kept = [
            (r["utterance"], LEGACY_LABELS.get(r["intent"], r["intent"]))
            for r in rows
            if key(r["utterance"]) not in train_keys
        ]
        legacy[name] = sample(kept, cap, name)
        note = f"{name}: {len(rows)} rows, {len(rows) - len(kept)} dropped (text in train split)"
        if mapped:
            note += "; " + ", ".join(f"{k} -> {LEGACY_LABELS[k]} ({n})" for k, n in mapped.items())
        if cap and len(kept) > cap:
            note += f"; subsampled to {cap}"
        legacy_notes.append(note)

    # -- a. out of the box ------------------------------------------------------------------
    log("building the built-in pipeline")
    t0 = time.perf_counter()
    builtin = build_pipeline()
    build_s = time.perf_counter() - t0
    info = builtin.info
    assert info is not None
    texts, gold = [t for t, _ in test], [i for _, i in test]
    log("a. out of the box on the Bitext test split")
    pred = predict_all(builtin, texts)
    ootb = evaluate(gold, pred)
    ootb_legacy = {}
    for name, rows in legacy.items():
        log(f"a. out of the box on {name}")
        p = predict_all(builtin, [t for t, _ in rows])
        g = [i for _, i in rows]
        ootb_legacy[name] = (accuracy(g, p), macro_f1(g, p))

    # -- b. retrained vs baseline -------------------------------------------------------------
    log("b. retraining: built-in + Bitext train split (the `nlu train --data` path)")
    t0 = time.perf_counter()
    extra = read_examples([train_path])
    retrained = train_pipeline(extra, order_number_pattern=DEFAULT_ORDER_NUMBER_PATTERN)
    retrain_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    blob = retrained.to_bytes()
    save_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    retrained = Pipeline.from_bytes(blob)
    load_s = time.perf_counter() - t0
    log("b. baseline: TF-IDF + LinearSVC on the train split")
    t0 = time.perf_counter()
    baseline = baseline_model([(ex.text, ex.intent) for ex in extra])
    baseline_s = time.perf_counter() - t0
    sets: dict[str, Pairs] = {"Bitext test (810)": test, **legacy}
    retrain_rows = []
    for name, rows in sets.items():
        log(f"b. evaluating on {name}")
        t, g = [x for x, _ in rows], [i for _, i in rows]
        ours = predict_all(retrained, t)
        base = baseline(t)
        retrain_rows.append(
            (
                name,
                len(rows),
                accuracy(g, ours),
                macro_f1(g, ours),
                accuracy(g, base),
                macro_f1(g, base),
                out_of_scope_recall(ours),
            )
        )

    # -- c. CLINC150 ------------------------------------------------------------------------
    log("c. CLINC150")
    clinc = json.loads((root / "clinc150_oos_eval" / "data_full.json").read_text("utf-8"))
    domains = json.loads((root / "clinc150_oos_eval" / "domains.json").read_text("utf-8"))
    unrelated_intents = {i for d in CLINC_UNRELATED for i in domains[d]}
    oos = sample([(t, i) for t, i in clinc["oos_test"]], cap and cap // 2, "oos")
    shop = [(t, i) for t, i in clinc["test"] if i in CLINC_SHOP]
    unrelated = sample(
        [(t, i) for t, i in clinc["test"] if i in unrelated_intents], cap, "unrelated"
    )
    clinc_rows = []
    per_intent_acceptance: dict[str, dict[str, float]] = {}
    for label, model in (("built-in", builtin), ("retrained", retrained)):
        oos_pred = predict_all(model, [t for t, _ in oos])
        shop_pred = predict_all(model, [t for t, _ in shop])
        unrelated_pred = predict_all(model, [t for t, _ in unrelated])
        clinc_rows.append(
            (
                label,
                out_of_scope_recall(oos_pred),
                in_scope_acceptance(shop_pred),
                out_of_scope_recall(unrelated_pred),
            )
        )
        by_intent: dict[str, list[str]] = {}
        for (_, intent), p in zip(shop, shop_pred, strict=True):
            by_intent.setdefault(intent, []).append(p)
        per_intent_acceptance[label] = {
            i: in_scope_acceptance(ps) for i, ps in sorted(by_intent.items())
        }

    # -- d. sentiment -----------------------------------------------------------------------
    sentiment_rows = sentiment_eval(root, cap, builtin)

    # -- e. latency ---------------------------------------------------------------------------
    log("e. latency")
    lat_builtin = latency(builtin, texts)
    lat_retrained = latency(retrained, texts)
    total_s = time.perf_counter() - started

    # -- report -------------------------------------------------------------------------------
    out: list[str] = []
    w = out.append
    w(f"## NLU evaluation{' (--quick)' if args.quick else ''}\n")
    w(
        f"Built-in model: {info.examples} examples, {len(info.intents)} intents, training data "
        f"{info.training_hash[:12]}, built in {build_s:.1f} s. Retrained: +{len(extra)} Bitext "
        f"train examples in {retrain_s:.1f} s; model {len(blob) / 1e6:.1f} MB, saved in "
        f"{save_s:.2f} s, loaded in {load_s:.2f} s. Baseline trained in {baseline_s:.1f} s.\n"
    )
    w("### a. Out of the box (built-in model only)\n")
    w("| test set | n | accuracy | macro-F1 | rejected as out_of_scope |")
    w("|---|---:|---:|---:|---:|")
    w(
        f"| Bitext test split | {ootb.n} | {fmt(ootb.accuracy)} | {fmt(ootb.macro_f1)} | "
        f"{fmt(out_of_scope_recall(pred))} |"
    )
    for name, (acc, f1) in ootb_legacy.items():
        w(f"| Bitext legacy {name} | {len(legacy[name])} | {fmt(acc)} | {fmt(f1)} | |")
    weakest = sorted((s for s in ootb.per_intent if s.support), key=lambda s: s.f1)[:5]
    weak = ", ".join(f"{s.intent} {s.f1:.2f}" for s in weakest)
    w(f"\nWeakest intents (Bitext test, F1): {weak}")
    confusions = ", ".join(f"{g}->{p} {c}" for g, p, c in ootb.top_confusions(5))
    w(f"Top confusions: {confusions}\n")
    w("### b. Retrained on the Bitext train split vs a TF-IDF + LinearSVC baseline\n")
    w(
        "| test set | n | ours: accuracy | ours: macro-F1 | baseline: accuracy | "
        "baseline: macro-F1 | ours: rejected as out_of_scope |"
    )
    w("|---|---:|---:|---:|---:|---:|---:|")
    for name, n, acc, f1, bacc, bf1, rej in retrain_rows:
        w(f"| {name} | {n} | {fmt(acc)} | {fmt(f1)} | {fmt(bacc)} | {fmt(bf1)} | {fmt(rej)} |")
    w("\nLegacy sets: " + "; ".join(legacy_notes) + ".\n")
    w("### c. CLINC150 (data_full.json, test split)\n")
    w(
        f"| model | out-of-scope recall (oos_test, n={len(oos)}) | shop-relevant in-scope not "
        f"rejected (n={len(shop)}) | unrelated domains rejected (n={len(unrelated)}) |"
    )
    w("|---|---:|---:|---:|")
    for label, recall, accept, reject in clinc_rows:
        w(f"| {label} | {fmt(recall)} | {fmt(accept)} | {fmt(reject)} |")
    w("\nShop-relevant intents, share not rejected (built-in / retrained): ")
    w(
        ", ".join(
            f"{i} {per_intent_acceptance['built-in'][i]:.2f}/"
            f"{per_intent_acceptance['retrained'][i]:.2f}"
            for i in per_intent_acceptance["built-in"]
        )
    )
    w(f"\nUnrelated domains: {', '.join(CLINC_UNRELATED)}.\n")
    out.extend(sentiment_table(sentiment_rows))
    w("\n### e. Latency per message (Bitext test split, one thread)\n")
    w("| model | p50 ms | p95 ms |")
    w("|---|---:|---:|")
    w(f"| built-in | {lat_builtin[0]:.2f} | {lat_builtin[1]:.2f} |")
    w(f"| retrained | {lat_retrained[0]:.2f} | {lat_retrained[1]:.2f} |")
    w(f"\nTotal run: {total_s:.0f} s.")
    print("\n".join(out))

    if args.json:
        figures.update(
            {
                "builtin": {"accuracy": ootb.accuracy, "macro_f1": ootb.macro_f1},
                "builtin_legacy": ootb_legacy,
                "retrained": retrain_rows,
                "clinc": clinc_rows,
                "sentiment": sentiment_rows,
                "latency_ms": {"builtin": lat_builtin, "retrained": lat_retrained},
                "seconds": total_s,
            }
        )
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
