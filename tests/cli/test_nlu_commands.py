"""`shopdesk nlu train | eval | predict`, run as a shop owner would: real processes, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from shopdesk.nlu import Pipeline
from shopdesk.nlu.extra_data import parse_examples
from support.shop_model import TrainedShopModel

SHOPDESK = str(Path(sys.executable).with_name("shopdesk"))

# A tiny hand-written test set.
TINY_CSV = """\
text,intent
where is my parcel HX4417?,track_order
hello there,greet
thanks a lot!,thank_you
bye for now,goodbye
I want to talk to a real person,contact_human_agent
what's the weather in Paris tomorrow,out_of_scope
do you sell gift cards?,gift_cards
can I buy a gift voucher,gift_cards
"""


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SHOPDESK, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        cwd=cwd,
        timeout=180,
        check=False,
    )


def last_json(result: subprocess.CompletedProcess[str]) -> dict[str, object]:
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout.strip().splitlines()[-1])
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("nlu")
    (path / "tiny.csv").write_text(TINY_CSV, encoding="utf-8")
    return path


def test_train_saves_a_model_that_loads(shop_nlu_model: TrainedShopModel) -> None:
    # `nlu train --data gift-cards.yml --data gift-cards.csv`, run once for the session.
    trained = shop_nlu_model.result
    assert trained.returncode == 0, trained.stderr
    assert "new intents: gift_cards" in trained.stdout
    assert "saved shop-model.bin" in trained.stdout
    assert "SHOPDESK_NLU_MODEL_PATH=" in trained.stdout
    yml, csv = (parse_examples(f.read_text("utf-8"), f.name) for f in shop_nlu_model.training_files)
    assert f"{len(yml) + len(csv)} yours" in trained.stdout
    pipeline = Pipeline.from_bytes(shop_nlu_model.path.read_bytes())
    info = pipeline.info
    assert info is not None and "gift_cards" in info.intents
    assert info.extra_examples == len(yml) + len(csv)
    # The YAML file says English; the CSV gives es and de and leaves the rest to be detected.
    assert info.extra_languages["en"] >= len(yml)
    assert info.extra_languages["es"] >= 1 and info.extra_languages["de"] >= 1
    assert sum(info.extra_languages.values()) == info.extra_examples
    assert "your examples by language: de " in " ".join(trained.stdout.split())
    # SHOPDESK_ORDER_NUMBER_PATTERN of the shop is the model's.
    assert info.order_number_pattern == shop_nlu_model.order_number_pattern
    assert pipeline.understand("hi, do you sell gift cards?").intent == "gift_cards"
    assert not shop_nlu_model.path.with_name("shop-model.bin.partial").exists()


def test_predict_json_with_the_built_in_model(tmp_path: Path) -> None:
    data = last_json(
        run(["nlu", "predict", "--json", "hola, ¿dónde está mi pedido HX4417?"], tmp_path)
    )
    assert data["intent"] == "track_order" and data["language"] == "es"
    assert isinstance(data["confidence"], float) and isinstance(data["sentiment"], float)
    ranking = data["ranking"]
    assert isinstance(ranking, list) and len(ranking) == 3
    assert ranking[0]["intent"] == "track_order"
    assert data["entities"] == [
        {
            "type": "order_number",
            "value": "HX4417",
            "raw": "HX4417",
            "start": 28,
            "end": 34,
            "alternatives": [],
        }
    ]


def test_predict_with_a_saved_model(workdir: Path, shop_nlu_model: TrainedShopModel) -> None:
    model = str(shop_nlu_model.path)
    data = last_json(run(["nlu", "predict", "--model", model, "--json", "gift card?"], workdir))
    assert data["intent"] == "gift_cards"
    human = run(["nlu", "predict", "--model", model, "I want to buy a gift voucher"], workdir)
    assert human.returncode == 0, human.stderr
    assert "gift_cards" in human.stdout and "top 3" in human.stdout


def test_eval_json_and_confusion_png(workdir: Path, shop_nlu_model: TrainedShopModel) -> None:
    model = str(shop_nlu_model.path)
    result = run(
        ["nlu", "eval", "tiny.csv", "--model", model, "--json", "--png", "out/cm.png"], workdir
    )
    data = last_json(result)
    assert data["n"] == 8
    assert isinstance(data["accuracy"], float) and 0.5 <= data["accuracy"] <= 1.0
    assert isinstance(data["macro_f1"], float) and 0.0 <= data["macro_f1"] <= 1.0
    per_intent = data["per_intent"]
    assert isinstance(per_intent, list)
    assert {row["intent"] for row in per_intent} >= {"gift_cards", "track_order"}
    assert (workdir / "out" / "cm.png").read_bytes().startswith(b"\x89PNG")


def test_eval_without_matplotlib_still_prints_the_metrics(
    workdir: Path, shop_nlu_model: TrainedShopModel, tmp_path: Path
) -> None:
    stub = tmp_path / "stub" / "matplotlib"
    stub.mkdir(parents=True)
    (stub / "__init__.py").write_text("raise ImportError('no matplotlib here')\n")
    model = str(shop_nlu_model.path)
    result = run(
        ["nlu", "eval", "tiny.csv", "--model", model, "--png", str(tmp_path / "cm.png")],
        workdir,
        PYTHONPATH=str(tmp_path / "stub"),
    )
    assert result.returncode == 0, result.stderr
    assert "accuracy" in result.stdout and "macro-F1" in result.stdout
    assert "gift_cards" in result.stdout  # the per-intent table
    assert "pip install 'shopdesk[eval]'" in result.stderr
    assert not (tmp_path / "cm.png").exists()


@pytest.mark.parametrize(
    ("args", "files", "expected"),
    [
        (
            ["nlu", "eval", "bad.csv"],
            {"bad.csv": "text,intent\nhi,greet\nbye,goodbye\nwhere is it,\n"},
            "bad.csv, line 4, row 3, field 'intent': the intent is empty",
        ),
        (
            ["nlu", "train", "--data", "bad.jsonl"],
            {"bad.jsonl": '{"text": "hi", "intent": "greet"}\n{"text": "yo"}\n'},
            "bad.jsonl, line 2, field 'intent': missing",
        ),
        (
            ["nlu", "train", "--data", "bad.yml"],
            {"bad.yml": "intents:\n  gift_cards:\n    templates: |\n      buy a {thing}\n"},
            "bad.yml, line 4, field 'intents.gift_cards.templates': unknown slot {thing}",
        ),
        (["nlu", "train", "--data", "missing.csv"], {}, "missing.csv: no such file"),
        (["nlu", "eval", "t.yml"], {"t.yml": "intents:\n  greet: hi\n"}, "must be a .csv, .tsv"),
        (
            ["nlu", "predict", "--model", "model.bin", "hi"],
            {"model.bin": "text,intent\n"},
            "model.bin: not a shopdesk NLU model",
        ),
        (["nlu", "predict", "--model", "nope.bin", "hi"], {}, "nope.bin: no such model file"),
        (
            ["nlu", "train", "--data", "b[1].csv"],
            {"b[1].csv": "text,intent\nhi,[greet]\n"},
            "b[1].csv, line 2, row 1, field 'intent': bad intent name '[greet]'",
        ),
    ],
)
def test_bad_input_is_a_clear_error_with_exit_code_2(
    tmp_path: Path, args: list[str], files: dict[str, str], expected: str
) -> None:
    for name, content in files.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    result = run(args, tmp_path)
    assert result.returncode == 2
    assert expected in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr and result.stdout == ""
