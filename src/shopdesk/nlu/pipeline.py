"""The NLU pipeline: text in, :class:`~shopdesk.core.nlu.NLUResult` out. Pure: no I/O, no clock.

Order matters: normalisation first; entities next, on the original text, so that the language
detector and the intent classifier can see past order numbers and e-mails; sentiment last.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Final

from shopdesk.core.nlu import NLUResult
from shopdesk.core.types import Intent, normalize_locale
from shopdesk.nlu.component import Component, WorkingMessage
from shopdesk.nlu.entities import DEFAULT_ORDER_NUMBER_PATTERN, EntityExtractor
from shopdesk.nlu.intents import DEFAULT_THRESHOLD, IntentClassifier, intent_text
from shopdesk.nlu.language import LanguageDetector, blank_entities
from shopdesk.nlu.normalize import Normalizer, clean
from shopdesk.nlu.sentiment import SentimentScorer
from shopdesk.nlu.training import load_examples

log = logging.getLogger(__name__)

# Longer messages are cut before any work: nobody asks for their parcel in 10,000 characters, and
# the cost of a turn must stay bounded. Entity offsets stay valid (the cut is at the end).
MAX_CHARS: Final = 4000


class Pipeline:
    """Runs its components in order over one message."""

    def __init__(self, components: Sequence[Component]) -> None:
        self.components = tuple(components)

    def run(self, text: str, *, hint_locale: str | None = None) -> WorkingMessage:
        """The working message after every component; raises if a component has a bug."""
        msg = WorkingMessage(text=text[:MAX_CHARS], hint_locale=normalize_locale(hint_locale))
        for component in self.components:
            if component.supports(msg.language):
                component.process(msg)
        return msg

    def understand(self, text: str, *, hint_locale: str | None = None) -> NLUResult:
        """What the customer said. Never raises: a component failure degrades to out-of-scope."""
        try:
            msg = self.run(text, hint_locale=hint_locale)
        except Exception:  # one odd message must not take the conversation down
            log.exception("NLU pipeline failed; answering out-of-scope")
            msg = WorkingMessage(text=text[:MAX_CHARS], clean=clean(text[:MAX_CHARS]))
        return _result(text, msg)


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


def build_pipeline(
    order_number_pattern: str = DEFAULT_ORDER_NUMBER_PATTERN,
    *,
    threshold: float = DEFAULT_THRESHOLD,
) -> Pipeline:
    """Train the intent classifier on the bundled data and assemble the pipeline (~1-2 s)."""
    entities = EntityExtractor(order_number_pattern)
    examples = load_examples()
    found = [entities.extract(clean(ex.text)) for ex in examples]
    texts = [intent_text(ex.text, ents) for ex, ents in zip(examples, found, strict=True)]
    by_language = [
        (blank_entities(ex.text, ents), ex.language)
        for ex, ents in zip(examples, found, strict=True)
    ]
    return Pipeline(
        [
            Normalizer(),
            entities,
            LanguageDetector(by_language),
            IntentClassifier.train(texts, [ex.intent for ex in examples], threshold=threshold),
            SentimentScorer(),
        ]
    )
