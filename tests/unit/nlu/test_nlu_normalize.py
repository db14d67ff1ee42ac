"""Normalisation: the matching copy of a message."""

from __future__ import annotations

import pytest

from shopdesk.nlu.normalize import clean, fold, normalize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("¿Dónde está mi pedido?", "donde esta mi pedido"),
        ("Wheres my ordr pls", "where is my order please"),
        ("wher is ur pkg", "where is your package"),
        ("where's my order", "where is my order"),
        ("I haven't got it", "i have not got it"),
        ("dnd esta mi pedio", "donde esta mi pedido"),
        ("Où   est\tma   cmd ?", "ou est ma commande"),
        ("dov'è il mio ordine", "dov e il mio ordine"),
        ("GRÜßE", "grusse"),
        ("ｗｈｅｒｅ", "where"),
        ("pedido nº 4417", "pedido no 4417"),
        ("email Ana@X.com order #HX-4417", "email ana@x.com order hx-4417"),
        ("obg vc", "obrigado voce"),
        ("", ""),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_fold_strips_accents_and_case() -> None:
    assert fold("ÇÃÕÑÉÈÊßÄ") == "caoneeessa"


def test_clean_keeps_length_and_replaces_control_characters() -> None:
    text = "a\x00b\nc\u200bd\ud800e"
    cleaned = clean(text)
    assert len(cleaned) == len(text)
    assert cleaned == "a b c d e"
    assert clean("plain text") == "plain text"
