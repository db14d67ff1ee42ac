"""Product names in messages, fuzzy-matched (rapidfuzz) against the shop's catalogue.

The catalogue is run-time data, not part of the trained model: the I/O layer hands it over with
:meth:`ProductMatcher.set_catalog` and it is never pickled. Names are indexed once, accent-folded
and lower-cased, together with their head before a comma or dash ("Stoneware mug, sea green,
350 ml" is also "stoneware mug"), since nobody types a catalogue title in full.

Per message, cheaply: only runs of words that are (nearly) words of some product name are
candidates, and only their word n-grams up to the longest name are scored, against names of
about the same number of words. A whole phrase must score ``THRESHOLD`` (token-sorted
similarity, 0-100): "linen shrit" is the Linen Shirt (91), "shirt" alone is not (62).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Final

from rapidfuzz import fuzz, process

from shopdesk.core.nlu import Entity
from shopdesk.nlu.component import Component, WorkingMessage
from shopdesk.nlu.dates import fold, with_original_raw

PRODUCT = "product"
THRESHOLD: Final = 85.0
# Other products this close to the phrase are alternatives ("stoneware mug": two colours).
ALTERNATIVE_THRESHOLD: Final = 75.0
_MAX_ALTERNATIVES: Final = 4
# A message word counts as a catalogue word at this similarity ("shrit" ~ "shirt": 80).
_WORD_THRESHOLD: Final = 75.0
_MAX_WORDS_PER_NAME: Final = 8
_MAX_MESSAGE_WORDS: Final = 200
_WORD: Final = re.compile(r"\w+")
_HEAD: Final = re.compile(r"\s*(?:,|\s[-–—]\s|\()")


def normalize_name(name: str) -> str:
    return " ".join(_WORD.findall(fold(name).lower()))


@dataclass(frozen=True)
class _Index:
    # words in a name -> (normalised names, product id of each)
    by_length: dict[int, tuple[list[str], list[str]]] = field(default_factory=dict)
    vocabulary: frozenset[str] = frozenset()
    fuzzy_vocabulary: tuple[str, ...] = ()
    longest: int = 0


def _build(products: Iterable[tuple[str, str]]) -> _Index:
    names: dict[int, dict[str, list[str]]] = defaultdict(dict)
    for product_id, name in products:
        for variant in {name, _HEAD.split(name, maxsplit=1)[0]}:
            norm = normalize_name(variant)
            words = norm.split()
            if not words or len(words) > _MAX_WORDS_PER_NAME or len(norm) < 3:
                continue
            ids = names[len(words)].setdefault(norm, [])
            if product_id not in ids:
                ids.append(product_id)
    by_length: dict[int, tuple[list[str], list[str]]] = {}
    for length, found in names.items():
        pairs = [(norm, pid) for norm, ids in found.items() for pid in ids]
        by_length[length] = ([n for n, _ in pairs], [p for _, p in pairs])
    vocabulary = frozenset(w for length in by_length.values() for n in length[0] for w in n.split())
    return _Index(
        by_length=by_length,
        vocabulary=vocabulary,
        fuzzy_vocabulary=tuple(sorted(w for w in vocabulary if len(w) >= 4)),
        longest=max(by_length, default=0),
    )


class ProductMatcher(Component):
    """Adds ``product`` entities: value the product's id, alternatives other close products."""

    name = "product_matcher"

    def __init__(self) -> None:
        self._index = _Index()

    def set_catalog(self, products: Iterable[tuple[str, str]]) -> None:
        """(product id, name) pairs; several names per id allowed (variants, translations).

        Builds the whole index first and then swaps it in, so concurrent messages see the old or
        the new catalogue, never half of one.
        """
        self._index = _build(products)

    @property
    def catalog_size(self) -> int:
        return sum(len(ids) for _, ids in self._index.by_length.values())

    def __getstate__(self) -> dict[str, Any]:
        return {}  # the catalogue belongs to the shop's data, not to the model file

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._index = _Index()

    def process(self, msg: WorkingMessage) -> None:
        if not self._index.longest:
            return
        taken = [(e.start, e.end) for e in msg.entities]
        found = [
            e
            for e in with_original_raw(self.match(msg.clean or msg.text), msg.text)
            if not any(s < e.end and e.start < t for s, t in taken)
        ]
        if found:
            msg.entities = sorted([*msg.entities, *found], key=lambda e: (e.start, e.type))

    def match(self, text: str) -> list[Entity]:
        index = self._index
        words = [
            (m.start(), m.end(), m.group())
            for m in _WORD.finditer(fold(text).lower())
            if not m.group().isdigit() or m.group() in index.vocabulary
        ][:_MAX_MESSAGE_WORDS]
        hits = [_is_catalogue_word(w, index) for _, _, w in words]
        scored: list[tuple[float, int, int, str, tuple[str, ...]]] = []
        for i in range(len(words)):
            for n in range(1, index.longest + 1):
                if i + n > len(words) or not hits[i + n - 1]:
                    break
                phrase = " ".join(w for _, _, w in words[i : i + n])
                best = _best(phrase, n, index)
                if best is not None:
                    start, end = words[i][0], words[i + n - 1][1]
                    scored.append((best[0], start, end, best[1], best[2]))
        # Best score first, then the longer phrase; spans never overlap.
        scored.sort(key=lambda s: (-s[0], s[1] - s[2]))
        out: list[Entity] = []
        for _, start, end, pid, alts in scored:
            if not any(e.start < end and start < e.end for e in out):
                out.append(
                    Entity(
                        type=PRODUCT,
                        value=pid,
                        raw=text[start:end],
                        start=start,
                        end=end,
                        alternatives=alts,
                    )
                )
        return sorted(out, key=lambda e: e.start)


def _is_catalogue_word(word: str, index: _Index) -> bool:
    if word in index.vocabulary:
        return True
    if len(word) < 4:
        return False
    return (
        process.extractOne(
            word, index.fuzzy_vocabulary, scorer=fuzz.ratio, score_cutoff=_WORD_THRESHOLD
        )
        is not None
    )


def _best(phrase: str, n: int, index: _Index) -> tuple[float, str, tuple[str, ...]] | None:
    """(score, product id, alternative ids) of the names closest to ``phrase``, or None."""
    scores: dict[str, float] = {}
    for length in (n - 1, n, n + 1):
        names, ids = index.by_length.get(length, ([], []))
        for _, score, pos in process.extract(
            phrase,
            names,
            scorer=fuzz.token_sort_ratio,
            score_cutoff=ALTERNATIVE_THRESHOLD,
            limit=None,
        ):
            scores[ids[pos]] = max(scores.get(ids[pos], 0.0), score)
    if not scores or max(scores.values()) < THRESHOLD:
        return None
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    alternatives = tuple(pid for pid, _ in ranked[1 : _MAX_ALTERNATIVES + 1])
    return ranked[0][1], ranked[0][0], alternatives
