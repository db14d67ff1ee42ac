"""What the NLU pipeline produces for one message."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Entity(BaseModel):
    """A value found in the text.

    ``type`` is one of: order_number, email, postal_code, phone, number.
    ``value`` is canonical (order numbers upper-cased without separators, emails lower-cased,
    postal codes upper-cased without spaces). ``alternatives`` holds other plausible canonical
    readings of the same span (e.g. "is 4417" -> "IS4417" and "4417"), most likely first after
    ``value``.
    """

    model_config = ConfigDict(frozen=True)

    type: str
    value: str
    raw: str
    start: int
    end: int
    alternatives: tuple[str, ...] = ()


class NLUResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    text: str
    normalized: str
    language: str | None = Field(description="Detected supported locale, None when unsure")
    language_confidence: float = 0.0
    intent: str
    confidence: float
    intent_ranking: tuple[tuple[str, float], ...] = ()
    entities: tuple[Entity, ...] = ()
    sentiment: float = 0.0

    def first(self, entity_type: str) -> Entity | None:
        return next((e for e in self.entities if e.type == entity_type), None)

    def all(self, entity_type: str) -> list[Entity]:
        return [e for e in self.entities if e.type == entity_type]
