"""Understanding several messages at once gives what understanding each alone gives."""

from __future__ import annotations

from datetime import UTC, datetime

from shopdesk.nlu import Pipeline
from shopdesk.nlu.component import Component, WorkingMessage
from shopdesk.nlu.pipeline import NLURequest

WRITTEN = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
MESSAGES = [
    NLURequest("where is my order HX1148? ana.ruiz@example.com", "en", WRITTEN),
    NLURequest("hi", None, None),
    NLURequest("Wie lange dauert der Versand nach Österreich?", "de", WRITTEN),
    NLURequest("Je voudrais retourner les chaussures reçues hier", "fr", WRITTEN),
    NLURequest("¿Puedo pagar con PayPal?", "es", None),
    NLURequest("", "it", None),
    NLURequest("obrigado, tchau " * 400, "pt", WRITTEN),
    NLURequest("what's the weather in Lisbon tomorrow?", "en", WRITTEN),
]


def test_a_batch_reads_every_message_as_alone(nlu_pipeline: Pipeline) -> None:
    together = nlu_pipeline.understand_many(MESSAGES)
    alone = [
        nlu_pipeline.understand(m.text, hint_locale=m.hint_locale, now=m.now) for m in MESSAGES
    ]
    assert [r.text for r in together] == [m.text for m in MESSAGES]
    for batched, single in zip(together, alone, strict=True):
        assert batched.intent == single.intent
        assert batched.language == single.language
        assert batched.entities == single.entities
        assert abs(batched.confidence - single.confidence) < 1e-4
        assert abs(batched.sentiment - single.sentiment) < 1e-4
    assert together[0].intent == "track_order"


class _FailsOn(Component):
    """A component with a bug that shows on one text only."""

    name = "fails_on"

    def __init__(self, text: str) -> None:
        self.text = text

    def process(self, msg: WorkingMessage) -> None:
        if msg.text == self.text:
            raise RuntimeError("a bug")


def test_one_failing_message_leaves_the_others_understood(nlu_pipeline: Pipeline) -> None:
    faulty = Pipeline([*nlu_pipeline.components, _FailsOn("hi")], info=nlu_pipeline.info)
    results = faulty.understand_many(MESSAGES[:3])
    assert [r.intent for r in results] == ["track_order", "out_of_scope", "delivery_period"]
    assert results[1].confidence == 0.0


def test_a_single_request_takes_the_plain_path(nlu_pipeline: Pipeline) -> None:
    [result] = nlu_pipeline.understand_many(MESSAGES[:1])
    assert result == nlu_pipeline.understand(MESSAGES[0].text, hint_locale="en", now=WRITTEN)
    assert nlu_pipeline.understand_many([]) == []
