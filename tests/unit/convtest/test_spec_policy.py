"""Conversation test files may run under their own shop policy: a file, or inline, per file or
per conversation. Both are checked on load, and an error names the file and the key at fault."""

from __future__ import annotations

from pathlib import Path

import pytest

from shopdesk.convtest.runner import _policy
from shopdesk.convtest.spec import ScriptError, load_script_file

TURNS = '    turns: [{say: "hi"}]\n'


def write(folder: Path, text: str, name: str = "script.yml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_named_policy_file_is_read_relative_to_the_script(tmp_path: Path) -> None:
    (tmp_path / "shops").mkdir()
    write(tmp_path / "shops", "returns: {window_days: 14}\n", "strict.yml")
    script = load_script_file(
        write(tmp_path, f"policy: shops/strict.yml\nconversations:\n  - name: a\n{TURNS}")
    )
    assert script.policy_for(0) == {"returns": {"window_days": 14}}
    assert _policy(script.policy_for(0) or {}, "Shop").returns.window_days == 14


def test_a_conversation_lays_its_own_policy_over_the_files(tmp_path: Path) -> None:
    text = (
        "policy: {returns: {window_days: 14, free_label: false}}\n"
        "conversations:\n"
        "  - name: a\n"
        "    policy: {returns: {window_days: 7}, order_changes: {allow_decrease: false}}\n"
        f"{TURNS}"
        "  - name: b\n"
        f"{TURNS}"
    )
    script = load_script_file(write(tmp_path, text))
    first = _policy(script.policy_for(0) or {}, "Shop")
    assert first.returns.window_days == 7 and first.returns.free_label is False
    assert first.order_changes.allow_decrease is False
    second = _policy(script.policy_for(1) or {}, "Shop")
    assert second.returns.window_days == 14 and second.order_changes.allow_decrease is True
    assert second.brand.name == "Shop"


def test_no_policy_keeps_the_runtimes(tmp_path: Path) -> None:
    script = load_script_file(write(tmp_path, f"conversations:\n  - name: a\n{TURNS}"))
    assert script.policy_for(0) is None


@pytest.mark.parametrize(
    ("header", "conversation", "message"),
    [
        ("policy: {returns: {window_day: 3}}\n", "", "policy: returns.window_day: unknown key"),
        (
            "",
            "    policy: {order_changes: {allowed_statuses: [teleported]}}\n",
            "conversations.0.policy: order_changes.allowed_statuses[0]:",
        ),
        (
            "",
            "    policy: {order_changes: {allow_decrease: maybe}}\n",
            "order_changes.allow_decrease:",
        ),
        ("policy: missing.yml\n", "", "cannot read the policy file"),
        ("policy: [1, 2]\n", "", "policy"),
    ],
)
def test_errors_name_the_file_and_the_key(
    tmp_path: Path, header: str, conversation: str, message: str
) -> None:
    path = write(tmp_path, f"{header}conversations:\n  - name: a\n{conversation}{TURNS}")
    with pytest.raises(ScriptError) as error:
        load_script_file(path)
    assert str(error.value).startswith(str(path))
    assert message in str(error.value)


def test_an_invalid_policy_file_names_its_key(tmp_path: Path) -> None:
    write(tmp_path, "shipping: {currency: euros}\n", "bad.yml")
    path = write(tmp_path, f"policy: bad.yml\nconversations:\n  - name: a\n{TURNS}")
    with pytest.raises(ScriptError, match=r"policy \(bad.yml\): shipping.currency"):
        load_script_file(path)
