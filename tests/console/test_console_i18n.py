"""The console speaks the six languages, with the same words in each."""

from __future__ import annotations

from starlette.requests import Request

from shopdesk.console.i18n import Translator, catalog, pick_locale
from shopdesk.core.types import SUPPORTED_LOCALES


def request_with(accept_language: str) -> Request:
    headers = [(b"accept-language", accept_language.encode())]
    return Request({"type": "http", "headers": headers})


def test_every_language_has_every_key() -> None:
    english = set(catalog("en"))
    for locale in SUPPORTED_LOCALES:
        assert set(catalog(locale)) == english, locale
        assert all(value.strip() for value in catalog(locale).values()), locale


def test_placeholders_survive_translation() -> None:
    for locale in SUPPORTED_LOCALES:
        words = catalog(locale)
        assert "{name}" in words["signed_in_as"]
        assert "{minutes}" in words["login_throttled"]
        assert "{n}" in words["minutes"]
        for placeholder in ("{customer_name}", "{order_number}", "{agent_name}"):
            assert placeholder in words["canned_help"]


def test_language_follows_accept_language_quality_order() -> None:
    assert pick_locale(request_with("de-CH,de;q=0.9,en;q=0.8")) == "de"
    assert pick_locale(request_with("nl-NL,fr;q=0.4,it;q=0.7")) == "it"
    assert pick_locale(request_with("ja")) == "en"
    assert pick_locale(request_with("")) == "en"


def test_reasons_in_words_and_unknown_codes_as_they_are() -> None:
    t = Translator("fr")
    assert t.reason("legal_threat") == "Menace juridique"
    assert t.reason("something_new") == "something_new"
    assert t.reason(None) == "–"
    assert t("login_throttled", minutes=15) == "Trop d'échecs. Réessayez dans 15 minutes."
