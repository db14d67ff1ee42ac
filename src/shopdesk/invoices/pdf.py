"""An order's invoice as a PDF, in one of our six languages. Pure: an OrderView in, bytes out.

Text is set in the PDF core font Helvetica with the Windows-1252 ("WinAnsi") encoding, which
has every letter of our six languages and also "€" (plain Latin-1 lacks it), so no font file
has to ship. Characters outside it (a name in another script, say) are reduced to their base
letter where there is one ("ł" has none and becomes "?"); Babel's narrow no-break spaces become
ordinary no-break spaces.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import Final

from babel import Locale
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from shopdesk.core.orders import AddressView, OrderView
from shopdesk.responses.catalog import resolve_locale
from shopdesk.responses.formatting import as_utc, babel_locale, format_day, format_money

_ENCODING: Final = "windows-1252"
_FONT: Final = "Helvetica"

_LABELS: Final[dict[str, dict[str, str]]] = {
    "en": {
        "invoice": "Invoice",
        "order_number": "Order number",
        "order_date": "Order date",
        "billed_to": "Billed to",
        "ship_to": "Ship to",
        "item": "Item",
        "quantity": "Qty",
        "unit_price": "Unit price",
        "amount": "Amount",
        "subtotal": "Subtotal",
        "adjustments": "Shipping, taxes and adjustments",
        "total": "Total",
        "refunded": "Refunded",
        "thanks": "Thank you for your order.",
    },
    "es": {
        "invoice": "Factura",
        "order_number": "Número de pedido",
        "order_date": "Fecha del pedido",
        "billed_to": "Cliente",
        "ship_to": "Dirección de envío",
        "item": "Artículo",
        "quantity": "Cant.",
        "unit_price": "Precio unitario",
        "amount": "Importe",
        "subtotal": "Subtotal",
        "adjustments": "Envío, impuestos y ajustes",
        "total": "Total",
        "refunded": "Reembolsado",
        "thanks": "Gracias por su pedido.",
    },
    "fr": {
        "invoice": "Facture",
        "order_number": "Numéro de commande",
        "order_date": "Date de commande",
        "billed_to": "Facturé à",
        "ship_to": "Adresse de livraison",
        "item": "Article",
        "quantity": "Qté",
        "unit_price": "Prix unitaire",
        "amount": "Montant",
        "subtotal": "Sous-total",
        "adjustments": "Livraison, taxes et ajustements",
        "total": "Total",
        "refunded": "Remboursé",
        "thanks": "Merci pour votre commande.",
    },
    "de": {
        "invoice": "Rechnung",
        "order_number": "Bestellnummer",
        "order_date": "Bestelldatum",
        "billed_to": "Rechnungsempfänger",
        "ship_to": "Lieferadresse",
        "item": "Artikel",
        "quantity": "Menge",
        "unit_price": "Einzelpreis",
        "amount": "Betrag",
        "subtotal": "Zwischensumme",
        "adjustments": "Versand, Steuern und Anpassungen",
        "total": "Gesamtbetrag",
        "refunded": "Erstattet",
        "thanks": "Vielen Dank für Ihre Bestellung.",
    },
    "pt": {
        "invoice": "Fatura",
        "order_number": "Número da encomenda",
        "order_date": "Data da encomenda",
        "billed_to": "Cliente",
        "ship_to": "Morada de entrega",
        "item": "Artigo",
        "quantity": "Qtd.",
        "unit_price": "Preço unitário",
        "amount": "Valor",
        "subtotal": "Subtotal",
        "adjustments": "Envio, impostos e ajustes",
        "total": "Total",
        "refunded": "Reembolsado",
        "thanks": "Obrigado pela sua encomenda.",
    },
    "it": {
        "invoice": "Fattura",
        "order_number": "Numero d'ordine",
        "order_date": "Data dell'ordine",
        "billed_to": "Intestata a",
        "ship_to": "Indirizzo di spedizione",
        "item": "Articolo",
        "quantity": "Q.tà",
        "unit_price": "Prezzo unitario",
        "amount": "Importo",
        "subtotal": "Subtotale",
        "adjustments": "Spedizione, tasse e rettifiche",
        "total": "Totale",
        "refunded": "Rimborsato",
        "thanks": "Grazie per il tuo ordine.",
    },
}

# Babel's thin and narrow spaces are not in Windows-1252; a no-break space keeps "1 234,50 €"
# together.
_SPACES = str.maketrans({"\u202f": "\u00a0", "\u2009": " ", "\u2007": "\u00a0", "\u200b": None})
# Letters with no decomposition to a base letter.
_BASES = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "ħ": "h", "Ħ": "H"})


def labels(locale: str) -> dict[str, str]:
    """The invoice's printed labels in ``locale`` (English for an unsupported one)."""
    return _LABELS[resolve_locale(locale)]


def printable(text: str) -> str:
    """``text`` with every character the core font can print (see the module docstring)."""
    out = []
    for char in text.translate(_SPACES).translate(_BASES):
        try:
            char.encode(_ENCODING)
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFKD", char)
            base = "".join(c for c in decomposed if not unicodedata.combining(c))
            try:
                base.encode(_ENCODING)
            except UnicodeEncodeError:
                base = "?"
            out.append(base or "?")
        else:
            out.append(char)
    return "".join(out)


def _address_lines(address: AddressView | None, loc: str) -> list[str]:
    if address is None:
        return []
    country = address.country
    if country:
        country = Locale.parse(babel_locale(loc)).territories.get(country.upper(), country)
    town = " ".join(p for p in (address.postal_code, address.city) if p)
    parts = (address.name, address.line1, address.line2, town, address.region, country)
    return [p for p in parts if p]


class _Invoice(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.core_fonts_encoding = _ENCODING
        self.set_auto_page_break(auto=True, margin=20)
        self.set_margins(20, 20, 20)

    def line_of(self, text: str, *, size: float = 10, style: str = "", align: str = "L") -> None:
        self.set_font(_FONT, style=style, size=size)
        self.multi_cell(0, size * 0.5, printable(text), align=align, new_x=XPos.LMARGIN)


def render_invoice(
    order: OrderView, locale: str, *, shop_name: str, tax_note: str | None = None
) -> bytes:
    """The invoice of ``order`` as PDF bytes, labels and amounts in ``locale``."""
    loc = resolve_locale(locale)
    text = labels(loc)

    def money(amount: Decimal) -> str:
        return printable(format_money(amount, order.currency, loc))

    pdf = _Invoice()
    title = f"{text['invoice']} {order.number}"
    pdf.set_title(title)
    pdf.set_author(shop_name)
    pdf.set_lang(babel_locale(loc).replace("_", "-"))
    # The document's date is the order's, not the clock's: the same order gives the same file.
    pdf.set_creation_date(as_utc(order.placed_at))
    pdf.add_page()

    pdf.line_of(shop_name, size=16, style="B")
    pdf.line_of(text["invoice"], size=22, style="B", align="R")
    pdf.ln(4)
    colon = "\u00a0: " if loc == "fr" else ": "  # French sets the colon apart
    pdf.line_of(f"{text['order_number']}{colon}{order.number}")
    pdf.line_of(f"{text['order_date']}{colon}{format_day(order.placed_at, loc)}")
    pdf.ln(4)

    address = order.shipping_address
    name = order.customer_name or (address.name if address is not None else None)
    pdf.line_of(text["billed_to"], style="B")
    for line in (name, order.customer_email):
        if line:
            pdf.line_of(line)
    shipping = _address_lines(order.shipping_address, loc)
    if shipping:
        pdf.ln(2)
        pdf.line_of(text["ship_to"], style="B")
        for line in shipping:
            pdf.line_of(line)
    pdf.ln(6)

    pdf.set_font(_FONT, size=10)
    subtotal: Decimal | None = Decimal("0")
    with pdf.table(
        col_widths=(90, 18, 31, 31),
        text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT"),
        first_row_as_headings=True,
        line_height=6,
        padding=(0.5, 1.5),
    ) as table:
        heading = table.row()
        for name in ("item", "quantity", "unit_price", "amount"):
            heading.cell(printable(text[name]))
        for item in order.items:
            row = table.row()
            row.cell(printable(item.name if not item.sku else f"{item.name} ({item.sku})"))
            row.cell(str(item.quantity))
            if item.unit_price is None:
                subtotal = None
                row.cell("")
                row.cell("")
            else:
                amount = item.unit_price * item.quantity
                subtotal = None if subtotal is None else subtotal + amount
                row.cell(money(item.unit_price))
                row.cell(money(amount))
    pdf.ln(4)

    totals: list[tuple[str, str, str]] = []
    if subtotal is not None and order.items and subtotal != order.total:
        totals.append((text["subtotal"], money(subtotal), ""))
        totals.append((text["adjustments"], money(order.total - subtotal), ""))
    totals.append((text["total"], money(order.total), "B"))
    if order.refunded_total > 0:
        totals.append((text["refunded"], money(-order.refunded_total), ""))
    for name, value, style in totals:
        pdf.set_font(_FONT, style=style, size=11 if style else 10)
        pdf.cell(139, 7, printable(name), align="R")
        pdf.cell(31, 7, value, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    pdf.ln(8)
    if tax_note:
        pdf.line_of(tax_note, size=9)
        pdf.ln(2)
    pdf.line_of(text["thanks"], size=9)
    return bytes(pdf.output())
