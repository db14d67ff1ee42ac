"""Every locale's catalog is complete and fills the same placeholders as English."""

from __future__ import annotations

import pytest
from responses_orders import LOCALES

from shopdesk.core.replies import ReplyKey
from shopdesk.core.types import SUPPORTED_LOCALES, Intent, OrderStatus, ShipmentStatus
from shopdesk.responses.catalog import LABEL_INTENTS, catalog, placeholders, quick_reply_intents


def test_we_test_every_supported_locale() -> None:
    assert set(LOCALES) == set(SUPPORTED_LOCALES)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_reply_key_has_text(locale: str) -> None:
    keys = catalog(locale).keys()
    for reply_key in ReplyKey:
        assert any(k == reply_key.value or k.startswith(f"{reply_key.value}.") for k in keys), (
            f"{locale}: no text for {reply_key}"
        )


@pytest.mark.parametrize("locale", LOCALES)
def test_same_keys_as_english(locale: str) -> None:
    assert set(catalog(locale)) == set(catalog("en"))


@pytest.mark.parametrize("locale", LOCALES)
def test_same_placeholders_as_english(locale: str) -> None:
    english = catalog("en")
    for key, template in catalog(locale).items():
        assert placeholders(template) == placeholders(english[key]), f"{locale}:{key}"


@pytest.mark.parametrize("locale", LOCALES)
def test_no_empty_or_untranslated_text(locale: str) -> None:
    for key, template in catalog(locale).items():
        assert template.strip(), f"{locale}:{key} is empty"
        if locale != "en" and not placeholders(template) and key.startswith("order_status."):
            assert template != catalog("en")[key], f"{locale}:{key} is still English"


@pytest.mark.parametrize("locale", LOCALES)
def test_names_for_every_status(locale: str) -> None:
    names = catalog(locale)
    assert all(f"status_names.{s.value}" in names for s in OrderStatus)
    assert all(f"shipment_status_names.{s.value}" in names for s in ShipmentStatus)
    assert all(f"labels.{name}" in names for name in LABEL_INTENTS)


def test_french_punctuation_gets_a_narrow_no_break_space() -> None:
    assert catalog("fr")["anything_else"].endswith("\u202f?")
    assert " ?" not in "".join(catalog("fr").values())


def test_quick_reply_labels_map_to_one_intent_each() -> None:
    intents = quick_reply_intents()
    assert len(intents) == len(LOCALES) * len(LABEL_INTENTS)  # no label is shared by two buttons
    assert intents["Track my order"] is Intent.TRACK_ORDER
    assert intents["Talk to a person"] is Intent.CONTACT_HUMAN_AGENT
    assert intents["Hablar con una persona"] is Intent.CONTACT_HUMAN_AGENT
    assert set(intents.values()) == {Intent.TRACK_ORDER, Intent.CONTACT_HUMAN_AGENT}
