"""Evaluation metrics, a shop's own training files, extra examples and saved models."""

from __future__ import annotations

import json
from typing import Any

import pytest

from shopdesk.core.nlu import NLUResult
from shopdesk.core.replies import ReplyKey
from shopdesk.core.types import Intent
from shopdesk.dialogue.engine import TurnContext, step
from shopdesk.dialogue.state import DialogueState
from shopdesk.nlu import Pipeline, build_pipeline
from shopdesk.nlu.evaluation import (
    accuracy,
    confusion_matrix,
    evaluate,
    in_scope_acceptance,
    macro_f1,
    out_of_scope_recall,
    per_intent_scores,
)
from shopdesk.nlu.extra_data import LabelledExample, TrainingDataError, parse_examples
from shopdesk.nlu.pipeline import _MAGIC, MODEL_FORMAT_VERSION, builtin_hash
from support.shop_model import TrainedShopModel

# -- metrics ---------------------------------------------------------------------------------

GOLD = ["a", "a", "a", "b", "b", "c"]
PRED = ["a", "a", "b", "b", "b", "x"]


def test_metrics_of_a_hand_made_case() -> None:
    assert accuracy(GOLD, PRED) == pytest.approx(4 / 6)
    scores = {s.intent: s for s in per_intent_scores(GOLD, PRED)}
    # a: 2 of 3 found, every "a" right; b: both found, 2 of 3 "b" right; c never found.
    assert scores["a"].precision == 1.0 and scores["a"].recall == pytest.approx(2 / 3)
    assert scores["b"].precision == pytest.approx(2 / 3) and scores["b"].recall == 1.0
    assert scores["a"].f1 == pytest.approx(0.8) and scores["b"].f1 == pytest.approx(0.8)
    assert (scores["c"].f1, scores["c"].support, scores["c"].predicted) == (0.0, 1, 0)
    assert (scores["x"].precision, scores["x"].support, scores["x"].predicted) == (0.0, 0, 1)
    # Macro-F1 over the gold intents only: a predicted-only "x" is not a class of the test.
    assert macro_f1(GOLD, PRED) == pytest.approx((0.8 + 0.8 + 0.0) / 3)
    assert macro_f1(GOLD, PRED, labels=["a", "b"]) == pytest.approx(0.8)


def test_confusion_matrix_rows_are_gold_columns_predicted() -> None:
    labels, counts = confusion_matrix(GOLD, PRED)
    assert labels == ("a", "b", "c", "x")
    assert counts == ((2, 1, 0, 0), (0, 2, 0, 0), (0, 0, 0, 1), (0, 0, 0, 0))
    result = evaluate(GOLD, PRED)
    assert result.n == 6 and result.labels == labels and result.confusion == counts
    assert [s.intent for s in result.per_intent] == list(labels)
    assert result.top_confusions() == [("a", "b", 1), ("c", "x", 1)]
    again = json.loads(json.dumps(result.to_dict()))
    assert again["accuracy"] == pytest.approx(4 / 6) and again["confusion"][0] == [2, 1, 0, 0]


def test_perfect_empty_and_mismatched() -> None:
    perfect = evaluate(["a", "b"], ["a", "b"])
    assert (perfect.accuracy, perfect.macro_f1) == (1.0, 1.0)
    assert accuracy([], []) == 0.0 and macro_f1([], []) == 0.0
    with pytest.raises(ValueError, match="2 gold labels but 1 predictions"):
        evaluate(["a", "b"], ["a"])


def test_out_of_scope_recall_and_in_scope_acceptance() -> None:
    predicted = ["out_of_scope", "out_of_scope", "track_order", "out_of_scope"]
    assert out_of_scope_recall(predicted) == 0.75
    assert in_scope_acceptance(predicted) == 0.25
    assert out_of_scope_recall([]) == 0.0 and in_scope_acceptance([]) == 0.0


# -- a shop's own files ------------------------------------------------------------------------

SHOP_YAML = """\
language: es
slots:
  hi: ["", "hola "]
intents:
  gift_cards:
    examples: |
      ¿vendéis tarjetas regalo?
      quiero un cheque regalo
    templates: |
      {hi}cuánto cuesta una tarjeta regalo
  track_order: |
    dónde está mi pedido {num}
"""


def test_yaml_in_our_format_expands_templates() -> None:
    examples = parse_examples(SHOP_YAML, "shop.yml")
    assert LabelledExample("¿vendéis tarjetas regalo?", "gift_cards", "es") in examples
    texts = {e.text for e in examples if e.intent == "gift_cards"}
    assert {"cuánto cuesta una tarjeta regalo", "hola cuánto cuesta una tarjeta regalo"} <= texts
    [order] = [e for e in examples if e.intent == "track_order"]
    assert "{num}" not in order.text and order.language == "es"


def test_csv_tsv_and_jsonl() -> None:
    csv_text = "\ufeffUtterance;Intent;Language\n¿dónde está?;track_order;es-ES\n\nhi;greet;\n"
    assert parse_examples(csv_text, "mine.csv") == [
        LabelledExample("¿dónde está?", "track_order", "es"),
        LabelledExample("hi", "greet", None),
    ]
    quoted = 'text,intent,extra\n"where is it, please",track_order,x\n'
    assert parse_examples(quoted, "a.CSV")[0].text == "where is it, please"
    assert parse_examples("text\tintent\nbye\tgoodbye\n", "a.tsv")[0].intent == "goodbye"
    jsonl = (
        '{"utterance": "hallo", "intent": "greet", "lang": "de"}\n\n{"text": "x", "intent": "y"}\n'
    )
    assert parse_examples(jsonl, "a.jsonl") == [
        LabelledExample("hallo", "greet", "de"),
        LabelledExample("x", "y", None),
    ]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("a.csv", "text,intent\nhi,greet\nbye,\n", "a.csv, line 3, row 2, field 'intent'"),
        ("a.csv", "text,intent\nhi,greet\n ,greet\n", "line 3, row 2, field 'text': the text is"),
        ("a.csv", "text,intent\n\nhi,Greet Me\n", "line 3, row 1, field 'intent': bad intent"),
        ("a.csv", "text,intent\nhi\n", "line 2, row 1: 1 field(s), the header has 2"),
        ("a.csv", "words,label\nhi,greet\n", "line 1: the header has no 'text'"),
        ("a.csv", "text,label\nhi,greet\n", "the header has no 'intent' column"),
        ("a.csv", 'text,intent\n"open,greet\n', "line 2: unreadable CSV"),
        ("a.csv", "text,intent,language\nhi,greet,klingon\n", "field 'language': language"),
        ("a.csv", "", "line 1: no header row"),
        ("a.csv", "text,intent\n", "no examples in the file"),
        ("a.jsonl", '{"text": "hi", "intent": "greet"}\n{"text": "hi"\n', "line 2: not valid JSON"),
        ("a.jsonl", '["hi", "greet"]\n', "line 1: not a JSON object"),
        ("a.jsonl", '{"text": "hi"}\n', "line 1, field 'intent': missing"),
        ("a.jsonl", '{"text": 5, "intent": "greet"}\n', "line 1, field 'text': must be a string"),
        ("a.yml", "intents: [\n", "line 2: not valid YAML"),
        ("a.yml", "- just a list\n", "expected a mapping with an 'intents' key"),
        ("a.yml", "intentz:\n  greet: hi\n", "line 1, field 'intentz': unknown key"),
        ("a.yml", "language: xx\nintents:\n  greet: hi\n", "line 1, field 'language'"),
        (
            "a.yml",
            "intents:\n  greet:\n    templates: |\n      hi\n      {hey} there\n",
            "a.yml, line 5, field 'intents.greet.templates': unknown slot {hey}",
        ),
        ("a.yml", "intents:\n  greet:\n    exemples: hi\n", "line 3, field 'intents.greet.exemp"),
        ("a.yml", "intents:\n  Greet: hi\n", "line 2, field 'intents.Greet': bad intent name"),
        ("a.yml", "per_template: 0\nintents:\n  greet: hi\n", "field 'per_template'"),
        ("a.yml", "slots:\n  hi: []\nintents:\n  greet: hi\n", "line 2, field 'slots.hi'"),
        ("a.txt", "hi,greet\n", "unknown file type"),
    ],
)
def test_bad_files_name_the_line_row_and_field(name: str, text: str, expected: str) -> None:
    with pytest.raises(TrainingDataError) as caught:
        parse_examples(text, name)
    assert expected in str(caught.value)
    assert str(caught.value).startswith(name)


def test_a_test_set_may_not_be_generated_from_templates() -> None:
    with pytest.raises(TrainingDataError, match=r"\.csv, \.tsv or \.jsonl"):
        parse_examples(SHOP_YAML, "shop.yml", allow_templates=False)


# -- extra examples and saved models -------------------------------------------------------


@pytest.fixture(scope="module")
def shop_pipeline(shop_nlu_model: TrainedShopModel) -> Pipeline:
    # Trained on the built-in examples plus the shop's (``build_pipeline(extra_examples=...)``,
    # which is what `shopdesk nlu train` runs), once per session.
    assert shop_nlu_model.result.returncode == 0, shop_nlu_model.result.stderr
    return Pipeline.from_bytes(shop_nlu_model.path.read_bytes())


@pytest.fixture(scope="module")
def shop_examples(shop_nlu_model: TrainedShopModel) -> list[LabelledExample]:
    return [
        example
        for path in shop_nlu_model.training_files
        for example in parse_examples(path.read_text("utf-8"), path.name)
    ]


def test_extra_examples_teach_a_new_intent(
    shop_pipeline: Pipeline, nlu_pipeline: Pipeline, shop_examples: list[LabelledExample]
) -> None:
    assert "gift_cards" not in {i.value for i in Intent}
    assert {e.intent for e in shop_examples} == {"gift_cards"}
    result = shop_pipeline.understand("do you sell gift cards?")
    assert result.intent == "gift_cards"
    assert shop_pipeline.understand("¿vendéis tarjetas regalo?").intent == "gift_cards"
    info, builtin = shop_pipeline.info, nlu_pipeline.info
    assert info is not None and builtin is not None
    assert "gift_cards" in info.intents and "gift_cards" not in builtin.intents
    assert info.extra_examples == len(shop_examples)
    assert info.examples == builtin.examples + len(shop_examples)
    assert builtin.builtin_hash == builtin.training_hash and builtin.extra_examples == 0
    assert info.training_hash != info.builtin_hash
    assert sum(info.extra_languages.values()) == len(shop_examples)
    assert info.extra_languages["es"] >= 1 and info.extra_languages["de"] >= 1


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([("  ", "greet")], "extra example 1: the text is empty"),
        ([("hi", "greet"), ("hello", "")], "extra example 2: the intent is empty"),
        ([("hi", "greet", "klingon")], "language 'klingon' is not one of"),
    ],
)
def test_bad_extra_examples_are_refused(extra: list[Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build_pipeline(extra_examples=extra)


async def test_an_intent_outside_the_enum_falls_back_in_the_dialogue() -> None:
    class NoOrders:
        async def get_order(self, number_key: str) -> None:
            return None

    message = NLUResult(
        text="do you sell gift cards",
        normalized="do you sell gift cards",
        language="en",
        language_confidence=0.9,
        intent="gift_cards",
        confidence=0.9,
    )
    result = await step(DialogueState(), message, TurnContext(orders=NoOrders()))
    assert [r.key for r in result.replies] == [ReplyKey.OUT_OF_SCOPE]
    assert result.handoff_reason is None


SAMPLES = ["where is my order HX4417?", "hola", "ich will mit einem Menschen sprechen", "asdf"]


def test_a_saved_model_loads_fast_and_answers_the_same(
    shop_pipeline: Pipeline, shop_examples: list[LabelledExample]
) -> None:
    blob = shop_pipeline.to_bytes()
    assert blob.startswith(_MAGIC)
    info = shop_pipeline.info
    assert info is not None
    loaded = Pipeline.from_bytes(blob, builtin_hash=info.builtin_hash)
    assert loaded.info == shop_pipeline.info
    for text in [*SAMPLES, "do you sell gift cards?"]:
        assert loaded.understand(text) == shop_pipeline.understand(text)
    header = Pipeline.read_header(blob)
    assert header["format"] == MODEL_FORMAT_VERSION
    assert header["info"]["extra_examples"] == len(shop_examples)


def test_builtin_hash_is_the_hash_a_built_in_model_records(nlu_pipeline: Pipeline) -> None:
    info = nlu_pipeline.info
    assert info is not None and builtin_hash() == info.builtin_hash == info.training_hash


def _with_header(blob: bytes, **changes: object) -> bytes:
    header = Pipeline.read_header(blob)
    payload = blob[header.pop("_payload_offset") :]
    head = json.dumps({**header, **changes}).encode()
    return _MAGIC + len(head).to_bytes(4, "big") + head + payload


def test_a_model_that_does_not_fit_is_refused(nlu_pipeline: Pipeline) -> None:
    blob = nlu_pipeline.to_bytes()
    with pytest.raises(ValueError, match="not a shopdesk NLU model"):
        Pipeline.from_bytes(b"text,intent\n")
    with pytest.raises(
        ValueError, match=f"format version 99, this shopdesk reads version {MODEL_FORMAT_VERSION}"
    ):
        Pipeline.from_bytes(_with_header(blob, format=99))
    with pytest.raises(ValueError, match=r"scikit-learn 0\.1, this installation has"):
        Pipeline.from_bytes(_with_header(blob, sklearn="0.1"))
    with pytest.raises(ValueError, match="damaged"):
        Pipeline.from_bytes(blob[:-10] + b"0123456789")
    with pytest.raises(ValueError, match="damaged: its header"):
        Pipeline.from_bytes(_MAGIC + (5).to_bytes(4, "big") + b"{nope" + blob[-100:])
    with pytest.raises(ValueError, match="other built-in training data"):
        Pipeline.from_bytes(blob, builtin_hash="0" * 64)
    with pytest.raises(ValueError, match="another order-number pattern"):
        Pipeline.from_bytes(blob, order_number_pattern=r"\d+")
    with pytest.raises(ValueError, match="shopdesk nlu train"):
        Pipeline.from_bytes(_with_header(blob, format=0))
    info = nlu_pipeline.info
    assert info is not None
    assert Pipeline.from_bytes(blob, order_number_pattern=info.order_number_pattern).info == info
