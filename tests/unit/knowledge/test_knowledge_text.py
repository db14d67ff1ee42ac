"""Words for BM25: accents folded, function words dropped, word forms joined."""

from __future__ import annotations

from shopdesk.knowledge.text import fold, stem, tokens


def test_accents_and_case_are_folded() -> None:
    assert fold("Rücksendung ENVÍO Livraison Straße") == "rucksendung envio livraison strasse"


def test_word_forms_meet_in_one_stem() -> None:
    assert stem("returns") == stem("returned") == stem("returning") == stem("return")
    assert stem("devoluciones") == stem("devolución".replace("ó", "o"))
    assert tokens("Rücksendungen") == tokens("Rücksendung")
    assert tokens("envíos") == tokens("envio")


def test_short_words_keep_their_letters() -> None:
    # A stem keeps four letters at least: "gift" is not cut to "gif", "mugs" stays whole (so
    # short words never collide), while longer words still meet.
    assert stem("gift") == "gift"
    assert stem("mugs") == "mugs"
    assert tokens("candles") == tokens("candle")


def test_function_words_and_numbers_are_dropped() -> None:
    assert tokens("How do I return my order 4417?") == ["retur", "order"]
    assert tokens("¿Puedo pagar con PayPal?") == ["pagar", "paypal"]
    assert tokens("Wie lange dauert die Lieferung?") == [
        stem("lange"),
        stem("dauert"),
        stem("lieferung"),
    ]
