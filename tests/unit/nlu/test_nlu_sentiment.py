"""Sentiment: signs per language, negation, intensifiers, emphasis."""

from __future__ import annotations

import pytest

from shopdesk.nlu.sentiment import score


@pytest.mark.parametrize(
    "text",
    [
        "great, thank you so much!",
        "muchas gracias, sois geniales",
        "merci, c'est parfait",
        "super, vielen Dank",
        "ótimo, muito obrigado",
        "perfetto, grazie mille",
        "👍",
    ],
)
def test_positive(text: str) -> None:
    assert score(text) > 0.3


@pytest.mark.parametrize(
    "text",
    [
        "this is terrible, worst shop ever",
        "esto es una estafa, estoy harto",
        "c'est nul, je suis très déçu",
        "das ist eine Frechheit, ich bin wütend",
        "serviço péssimo, estou farto",
        "servizio pessimo, sono arrabbiato",
        "😡",
    ],
)
def test_negative(text: str) -> None:
    assert score(text) < -0.3


@pytest.mark.parametrize(
    "text",
    [
        "I'm not happy",
        "no estoy contento",
        "je ne suis pas content",
        "ich bin nicht zufrieden",
        "não estou satisfeito",
        "non sono soddisfatto",
        "this isn't good",
    ],
)
def test_negation_flips(text: str) -> None:
    assert score(text) < 0


@pytest.mark.parametrize(
    "text", ["where is my order", "¿dónde está mi pedido?", "HX4417", "", "🙂‍↔️"[1:]]
)
def test_neutral(text: str) -> None:
    assert score(text) == 0.0


def test_intensifier_and_emphasis_strengthen() -> None:
    assert score("very bad") < score("bad") < 0
    assert score("bad!!!") < score("bad")
    assert score("THIS IS A SCAM") < score("this is a scam") < 0
    assert score("muy contento") > score("contento") > 0


def test_gratitude_is_not_negated() -> None:
    assert score("no thanks") >= 0
    assert score("no, gracias") >= 0


def test_bounded() -> None:
    assert -1.0 <= score("terrible awful horrible " * 300 + "!!!!!!") <= 1.0
    assert -1.0 <= score("😍" * 500) <= 1.0
