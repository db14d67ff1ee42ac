"""The component interface of the NLU pipeline and the message the components work on.

A pipeline is an ordered list of components (as in Rasa). Each component reads what earlier ones
left on a :class:`WorkingMessage` and adds its own part: the normaliser fills ``normalized``, the
entity extractor ``entities``, the language detector ``language``, the intent classifier
``intent_ranking`` and the sentiment scorer ``sentiment``. Components hold no per-message state,
so one pipeline serves every conversation concurrently.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from shopdesk.core.nlu import Entity


@dataclass(slots=True)
class WorkingMessage:
    """One message on its way through the pipeline; mutable while it is being worked on.

    Defaults are what a message looks like before any component ran: nothing normalised, no
    language (``None`` means "unknown, keep the conversation's"), no intent, no entities, neutral
    sentiment.
    """

    text: str
    """The text exactly as the customer sent it; entity offsets refer to it."""
    hint_locale: str | None = None
    """The conversation's current language, used to break ties on short or ambiguous texts."""
    clean: str = ""
    """``text`` with control/format/surrogate characters replaced by spaces (same length)."""
    normalized: str = ""
    """The matching copy: NFKC, case-folded, accents stripped, slang expanded."""
    language: str | None = None
    language_confidence: float = 0.0
    entities: list[Entity] = field(default_factory=list)
    intent_text: str = ""
    """What the intent classifier sees: ``normalized`` with entities replaced by placeholders."""
    intent_ranking: list[tuple[str, float]] = field(default_factory=list)
    """Intents with probabilities, most likely first."""
    intent: str | None = None
    confidence: float = 0.0
    embedding: Any = None
    """The message's sentence embedding (a NumPy float32 vector), once the embedder ran."""
    sentiment: float = 0.0
    """-1 (angry) .. 1 (delighted); 0 is neutral or unknown."""
    now: datetime | None = None
    """The caller's current time, for relative dates ("yesterday"); the NLU never reads a clock."""


class Component(ABC):
    """One step of the pipeline.

    ``supported_languages`` is ``None`` for language-agnostic components (the default); a component
    that only knows some languages lists them and the pipeline skips it for messages detected in
    another language (it still runs when the language is unknown, so it can fall back).
    """

    name: ClassVar[str] = "component"
    supported_languages: ClassVar[frozenset[str] | None] = None

    def supports(self, language: str | None) -> bool:
        return (
            self.supported_languages is None
            or language is None
            or language in self.supported_languages
        )

    @abstractmethod
    def process(self, msg: WorkingMessage) -> None:
        """Add this component's contribution to ``msg`` in place. Must not raise on any text."""
