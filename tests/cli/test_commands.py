"""The shopdesk command, run as a shopper or shop owner would: real processes, real files."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from support.store_doc import store_document

SHOPDESK = str(Path(sys.executable).with_name("shopdesk"))


def run(
    args: list[str],
    tmp_path: Path,
    *,
    stdin: str | None = None,
    database: bool = True,
    **env: str,
) -> subprocess.CompletedProcess[str]:
    """`shopdesk ARGS` in ``tmp_path``; ``database=False`` leaves SHOPDESK_* unset."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SHOPDESK_")}
    if database:
        environment["SHOPDESK_DATABASE_URL"] = f"sqlite:///{tmp_path / 'shop.db'}"
    return subprocess.run(
        [SHOPDESK, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**environment, **env},
        cwd=tmp_path,
        timeout=120,
        check=False,
    )


def latest_revision() -> str:
    """The newest migration's revision id, from the migration files themselves."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", "shopdesk:migrations")
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def count(tmp_path: Path, table: str) -> int:
    with sqlite3.connect(tmp_path / "shop.db") as db:
        return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def write(tmp_path: Path, document: object, name: str = "store.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_import_creates_the_schema_and_is_idempotent(tmp_path: Path) -> None:
    path = write(tmp_path, store_document())
    first = run(["import", str(path)], tmp_path)
    assert first.returncode == 0, first.stderr
    assert count(tmp_path, "orders") == 11
    second = run(["import", str(path)], tmp_path)
    assert second.returncode == 0, second.stderr
    assert count(tmp_path, "orders") == 11 and count(tmp_path, "customers") == 11


def test_invalid_record_names_record_and_field_and_imports_nothing(tmp_path: Path) -> None:
    assert run(["import", str(write(tmp_path, store_document()))], tmp_path).returncode == 0
    document = store_document()
    document["customers"].append({"email": "new@example.com", "name": "New"})
    document["orders"][0]["total"] = "99.00"
    document["orders"][3]["shipments"][0]["estimated_delivery"] = "2026-13-01"
    result = run(["import", str(write(tmp_path, document, "changed.json"))], tmp_path)
    assert result.returncode == 2
    assert "orders[3]" in result.stderr and "estimated_delivery" in result.stderr
    assert "Traceback" not in result.stderr
    assert count(tmp_path, "customers") == 11
    with sqlite3.connect(tmp_path / "shop.db") as db:
        total = db.execute("SELECT total FROM orders WHERE number = 'TS5000'").fetchone()[0]
    assert str(total) in {"36", "36.0", "36.00"}


@pytest.mark.parametrize(
    ("content", "expected"),
    [("{not json", "line 1"), ("[]", "object")],
)
def test_unreadable_files_get_a_clear_error(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "broken.json"
    path.write_text(content, encoding="utf-8")
    result = run(["import", str(path)], tmp_path)
    assert result.returncode == 2 and expected in result.stderr.lower()
    assert "Traceback" not in result.stderr


def test_missing_file(tmp_path: Path) -> None:
    result = run(["import", str(tmp_path / "nope.json")], tmp_path)
    assert result.returncode != 0 and "nope.json" in result.stderr
    assert "Traceback" not in result.stderr


def test_db_upgrade(tmp_path: Path) -> None:
    result = run(["db", "upgrade"], tmp_path)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "shop.db") as db:
        version = db.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert version == latest_revision()


def test_bad_configuration_names_the_variable(tmp_path: Path) -> None:
    result = run(["db", "upgrade"], tmp_path, SHOPDESK_DATABASE_URL="mysql://x/y")
    assert result.returncode == 2
    assert "SHOPDESK_DATABASE_URL" in result.stderr and "Traceback" not in result.stderr


def test_settings_file_is_read(tmp_path: Path) -> None:
    (tmp_path / "shopdesk.env").write_text(
        f"SHOPDESK_DATABASE_URL=sqlite:///{tmp_path / 'from-file.db'}\n", encoding="utf-8"
    )
    result = run(["db", "upgrade"], tmp_path, database=False)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "from-file.db").exists()


def test_chat_in_the_terminal(tmp_path: Path) -> None:
    path = write(tmp_path, store_document())
    assert run(["import", str(path)], tmp_path).returncode == 0
    order = store_document()["orders"][3]
    script = f"hola\n¿dónde está mi pedido {order['number']}?\n{order['customer_email']}\n/quit\n"
    result = run(["chat"], tmp_path, stdin=script)
    assert result.returncode == 0, result.stderr
    output = " ".join(result.stdout.split())
    assert order["shipments"][0]["tracking_number"] in output
    assert "pedido" in output


CONVERSATIONS = Path(__file__).resolve().parent.parent / "conversations"


def test_conversation_tests_pass_and_fail_as_written(tmp_path: Path) -> None:
    passing = run(["test", str(CONVERSATIONS / "handoff.yml")], tmp_path)
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "0 failed" in passing.stdout
    failing = tmp_path / "failing.yml"
    failing.write_text(
        "conversations:\n"
        "  - name: expects the wrong intent\n"
        "    turns:\n"
        "      - say: hello\n"
        "        expect: {intent: goodbye}\n",
        encoding="utf-8",
    )
    result = run(["test", str(failing)], tmp_path)
    assert result.returncode == 1
    assert "FAIL" in result.stdout and "expected 'goodbye'" in result.stdout


def test_broken_conversation_test_file_names_the_place(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("conversations:\n  - name: no turns\n    turns: []\n", encoding="utf-8")
    result = run(["test", str(broken)], tmp_path)
    assert result.returncode == 2
    assert "conversations.0.turns" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("returns:\n  window_day: 30\n", "returns.window_day: unknown key"),
        (
            "shipping:\n  regions:\n    - name: EU\n      options: []\n",
            "shipping.regions[0].options",
        ),
        ("business_hours:\n  days: {mon: '9 to 5'}\n", "business_hours.days"),
        ("returns: [30\n", "not valid YAML (line"),
    ],
)
def test_an_invalid_policy_stops_the_server_naming_the_key(
    tmp_path: Path, policy: str, expected: str
) -> None:
    (tmp_path / "policy.yml").write_text(policy, encoding="utf-8")
    result = run(["serve", "--port", "1"], tmp_path, SHOPDESK_POLICY_PATH="policy.yml")
    assert result.returncode == 2, result.stderr
    assert expected in result.stderr and "policy.yml" in result.stderr
    assert "Traceback" not in result.stderr
