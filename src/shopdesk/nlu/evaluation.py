"""Scoring an intent classifier against labelled examples. Pure: lists of labels in, numbers out.

``gold`` are the true intents, ``predicted`` what the model said, in the same order. Macro
averages run over the *gold* labels (the intents the test set is about): a model that also knows
``greet`` or ``out_of_scope`` is not scored on intents the test set never asks for, but every
message it wrongly sends there still costs the true intent its recall.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from shopdesk.core.types import Intent

OUT_OF_SCOPE = Intent.OUT_OF_SCOPE.value


@dataclass(frozen=True)
class IntentScore:
    intent: str
    precision: float
    recall: float
    f1: float
    support: int
    """How many test examples have this intent."""
    predicted: int
    """How many test examples the model gave this intent."""


@dataclass(frozen=True)
class Evaluation:
    n: int
    accuracy: float
    macro_f1: float
    per_intent: tuple[IntentScore, ...]
    """One row per gold or predicted intent, gold intents first, by name."""
    labels: tuple[str, ...]
    """Rows and columns of ``confusion``: the same order as ``per_intent``."""
    confusion: tuple[tuple[int, ...], ...]
    """``confusion[i][j]``: examples of ``labels[i]`` predicted as ``labels[j]``."""

    def top_confusions(self, k: int = 10) -> list[tuple[str, str, int]]:
        """The ``k`` most frequent (gold, predicted, count) mistakes, largest first."""
        pairs = [
            (self.labels[i], self.labels[j], count)
            for i, row in enumerate(self.confusion)
            for j, count in enumerate(row)
            if i != j and count
        ]
        return sorted(pairs, key=lambda p: (-p[2], p[0], p[1]))[:k]

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["per_intent"] = [asdict(s) for s in self.per_intent]
        out["labels"] = list(self.labels)
        out["confusion"] = [list(row) for row in self.confusion]
        return out


def _check(gold: Sequence[str], predicted: Sequence[str]) -> None:
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")


def accuracy(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Share of exact matches; 0.0 for no examples."""
    _check(gold, predicted)
    if not gold:
        return 0.0
    return sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)


def label_order(gold: Sequence[str], predicted: Sequence[str]) -> tuple[str, ...]:
    """Gold labels by name, then labels only ever predicted, by name."""
    known = set(gold)
    return (*sorted(known), *sorted(set(predicted) - known))


def per_intent_scores(
    gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str] | None = None
) -> list[IntentScore]:
    """Precision, recall, F1 and support per intent (0.0 where undefined, as scikit-learn)."""
    _check(gold, predicted)
    labels = label_order(gold, predicted) if labels is None else labels
    support = Counter(gold)
    guessed = Counter(predicted)
    hits = Counter(g for g, p in zip(gold, predicted, strict=True) if g == p)
    scores: list[IntentScore] = []
    for label in labels:
        precision = hits[label] / guessed[label] if guessed[label] else 0.0
        recall = hits[label] / support[label] if support[label] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores.append(IntentScore(label, precision, recall, f1, support[label], guessed[label]))
    return scores


def macro_f1(
    gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str] | None = None
) -> float:
    """Unweighted mean F1 over ``labels`` (default: the gold labels)."""
    labels = sorted(set(gold)) if labels is None else labels
    if not labels:
        return 0.0
    scores = per_intent_scores(gold, predicted, labels)
    return sum(s.f1 for s in scores) / len(scores)


def confusion_matrix(
    gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str] | None = None
) -> tuple[tuple[str, ...], tuple[tuple[int, ...], ...]]:
    """(labels, counts): ``counts[i][j]`` examples of ``labels[i]`` predicted ``labels[j]``.

    Pairs with a label outside ``labels`` are left out.
    """
    _check(gold, predicted)
    order = tuple(label_order(gold, predicted) if labels is None else labels)
    index = {label: i for i, label in enumerate(order)}
    counts = [[0] * len(order) for _ in order]
    for g, p in zip(gold, predicted, strict=True):
        if g in index and p in index:
            counts[index[g]][index[p]] += 1
    return order, tuple(tuple(row) for row in counts)


def evaluate(gold: Sequence[str], predicted: Sequence[str]) -> Evaluation:
    """Everything above for one test set."""
    _check(gold, predicted)
    labels, counts = confusion_matrix(gold, predicted)
    return Evaluation(
        n=len(gold),
        accuracy=accuracy(gold, predicted),
        macro_f1=macro_f1(gold, predicted),
        per_intent=tuple(per_intent_scores(gold, predicted, labels)),
        labels=labels,
        confusion=counts,
    )


def out_of_scope_recall(predicted: Sequence[str], out_of_scope: str = OUT_OF_SCOPE) -> float:
    """For messages that are all out of scope: the share the model rejected as such."""
    if not predicted:
        return 0.0
    return sum(p == out_of_scope for p in predicted) / len(predicted)


def in_scope_acceptance(predicted: Sequence[str], out_of_scope: str = OUT_OF_SCOPE) -> float:
    """For messages that are all in scope: the share the model did *not* reject."""
    if not predicted:
        return 0.0
    return 1.0 - out_of_scope_recall(predicted, out_of_scope)
