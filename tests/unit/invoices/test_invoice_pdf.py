"""The invoice PDF: the order's facts, in the language asked for, and text that survives."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from pypdf import PdfReader

from shopdesk.core.orders import AddressView, OrderItemView, OrderView, RefundView
from shopdesk.core.types import SUPPORTED_LOCALES, OrderStatus
from shopdesk.invoices.pdf import labels, printable, render_invoice

ORDER = OrderView(
    number="HX-4417",
    status=OrderStatus.DELIVERED,
    payment_status="paid",
    currency="EUR",
    total=Decimal("1254.90"),
    placed_at=datetime(2026, 11, 1, 10, 0, tzinfo=UTC),
    customer_email="jose@example.com",
    customer_name="José Muñoz",
    shipping_address=AddressView(
        name="José Muñoz",
        line1="Straße der Einheit 5",
        city="Göttingen",
        postal_code="37073",
        country="DE",
    ),
    items=(
        OrderItemView(
            sku="MUG-01", name="Tasse façon ñandú", quantity=2, unit_price=Decimal("600")
        ),
        OrderItemView(name="Crème brûlée kit", quantity=1, unit_price=Decimal("49.90")),
    ),
)


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_a_real_pdf_with_the_order_facts_in_english() -> None:
    pdf = render_invoice(ORDER, "en", shop_name="Café Crème", tax_note="Prices include VAT.")
    assert pdf.startswith(b"%PDF-")
    text = text_of(pdf)
    for fact in (
        "Café Crème",
        "Invoice",
        "Order number: HX-4417",
        "Order date: November 1, 2026",
        "José Muñoz",
        "jose@example.com",
        "Straße der Einheit 5",
        "37073 Göttingen",
        "Germany",
        "Tasse façon ñandú (MUG-01)",
        "€600.00",
        "€1,200.00",
        "Crème brûlée kit",
        "€49.90",
        "Subtotal",
        "€1,249.90",
        "Shipping, taxes and adjustments",
        "€5.00",
        "Total",
        "€1,254.90",
        "Prices include VAT.",
    ):
        assert fact in text, fact


@pytest.mark.parametrize(
    ("locale", "facts"),
    [
        ("es", ["Factura", "Número de pedido", "1 de noviembre de 2026", "1.254,90\u00a0€"]),
        ("fr", ["Facture", "Numéro de commande", "Facturé à", "1\u00a0254,90\u00a0€", "Allemagne"]),
        ("de", ["Rechnung", "Rechnungsempfänger", "1. November 2026", "1.254,90\u00a0€"]),
        ("pt", ["Fatura", "Preço unitário", "1 de novembro de 2026", "1\u00a0254,90\u00a0€"]),
        ("it", ["Fattura", "Numero d'ordine", "Q.tà", "1.254,90\u00a0€", "Germania"]),
    ],
)
def test_labels_dates_and_amounts_in_each_language(locale: str, facts: list[str]) -> None:
    text = text_of(render_invoice(ORDER, locale, shop_name="Shop"))
    for fact in facts:
        assert fact in text, (locale, fact)


def test_every_language_has_every_label() -> None:
    english = labels("en")
    for locale in SUPPORTED_LOCALES:
        assert set(labels(locale)) == set(english)
        if locale != "en":
            assert labels(locale)["invoice"] != english["invoice"]


def test_the_euro_sign_is_a_real_euro_sign() -> None:
    # Not in Latin-1: the core font is set up with WinAnsi (Windows-1252) encoding for it.
    text = text_of(render_invoice(ORDER, "de", shop_name="Shop"))
    assert "€" in text and "EUR" not in text


def test_refunds_are_shown_and_unknown_prices_left_blank() -> None:
    order = ORDER.model_copy(
        update={
            "items": (OrderItemView(name="Gift card", quantity=1),),
            "refunds": (RefundView(amount=Decimal("20"), status="processed"),),
        }
    )
    text = text_of(render_invoice(order, "en", shop_name="Shop"))
    assert "Refunded" in text and "-€20.00" in text
    assert "Gift card" in text and "Subtotal" not in text  # no sum from unknown prices


def test_characters_outside_the_font_are_reduced_not_lost() -> None:
    assert printable("Łukasz Wałęsa") == "Lukasz Walesa"
    assert printable("ﬁle 東京") == "file ??"
    assert printable("1\u202f254,90\u00a0€") == "1\u00a0254,90\u00a0€"
    order = ORDER.model_copy(update={"customer_name": "Łukasz Wałęsa 東京"})
    assert "Lukasz Walesa ??" in text_of(render_invoice(order, "en", shop_name="Shop"))


def test_the_same_order_gives_the_same_file() -> None:
    # Pure: no clock in the document (its date is the order's).
    first = render_invoice(ORDER, "fr", shop_name="Shop")
    assert render_invoice(ORDER, "fr", shop_name="Shop") == first


def test_an_unsupported_locale_prints_in_english() -> None:
    assert "Invoice" in text_of(render_invoice(ORDER, "nl", shop_name="Shop"))
