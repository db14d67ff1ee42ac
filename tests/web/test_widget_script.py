"""The widget's own strings: every language has every entry, with the same placeholders."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from shopdesk.core.types import OrderStatus

LANGS = ["en", "es", "fr", "de", "pt", "it"]
SCRIPT = (resources.files("shopdesk") / "web" / "widget.js").read_text(encoding="utf-8")


def _keys(name: str) -> list[str]:
    found = re.search(name + r' = \(("[^)]*")\)\.split\(" "\)', SCRIPT, re.S)
    assert found, name
    return "".join(re.findall(r'"([^"]*)"', found.group(1))).split(" ")


def _table(name: str) -> dict[str, list[str]]:
    body = re.search(r"const " + name + r" = \{(.*?)\n  \};", SCRIPT, re.S)
    assert body, name
    lines = dict(re.findall(r'^\s+(\w\w): "(.*)",$', body.group(1), re.M))
    return {lang: line.split("|") for lang, line in lines.items()}


@pytest.mark.parametrize(("keys", "table"), [("KEYS", "TEXT"), ("STATUS_KEYS", "STATUS")])
def test_every_language_has_every_string(keys: str, table: str) -> None:
    names = _keys(keys)
    rows = _table(table)
    assert sorted(rows) == sorted(LANGS)
    for lang in LANGS:
        assert len(rows[lang]) == len(names), lang
        assert all(entry.strip() for entry in rows[lang]), lang
        for name, entry, english in zip(names, rows[lang], rows["en"], strict=True):
            placeholders = re.findall(r"\{\w+\}", english)
            assert re.findall(r"\{\w+\}", entry) == placeholders, (lang, name)


def test_order_statuses_are_the_ones_orders_have() -> None:
    assert _keys("STATUS_KEYS") == [s.value for s in OrderStatus]


def test_the_translations_differ_from_english() -> None:
    rows = _table("TEXT")
    for lang in LANGS[1:]:
        same = sum(a == b for a, b in zip(rows[lang], rows["en"], strict=True))
        assert same <= 3, lang  # a few words ("Conversation", "Assistant") are the same
