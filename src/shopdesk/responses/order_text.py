"""The text of an ORDER_STATUS reply: sentences picked and filled from the order's own fields.

Nothing here states a fact the OrderView does not hold: every optional field that is missing
simply drops its sentence (or selects the variant without it).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, tzinfo

from shopdesk.core.orders import OrderView, RefundView, ShipmentView
from shopdesk.core.types import OrderStatus, PaymentStatus, RefundStatus, ShipmentStatus
from shopdesk.responses.cards import main_shipment
from shopdesk.responses.catalog import message
from shopdesk.responses.formatting import (
    format_day,
    format_moment,
    format_money,
    shipment_status_name,
    status_name,
)

_SHIPPING = {OrderStatus.SHIPPED, OrderStatus.OUT_FOR_DELIVERY, OrderStatus.DELIVERED}


class _Writer:
    """Fills ``order_status.*`` templates of one locale for one order."""

    def __init__(self, order: OrderView, locale: str, tz: tzinfo | None) -> None:
        self.order = order
        self.locale = locale
        self.tz = tz

    def say(self, key: str, **params: object) -> str:
        return message(self.locale, f"order_status.{key}", order_number=self.order.number, **params)

    def day(self, value: date | datetime) -> str:
        return format_day(value, self.locale, self.tz)

    def money(self, refund: RefundView) -> str:
        return format_money(refund.amount, self.order.currency, self.locale)


def order_status_text(order: OrderView, locale: str, tz: tzinfo | None = None) -> str:
    """A headline naming the order and its status (the card's two key facts), then details."""
    w = _Writer(order, locale, tz)
    headline = w.say("headline", status=status_name(order.status, locale))
    if order.status in _SHIPPING:
        return f"{headline}\n{_shipping(w)}"
    return f"{headline}\n" + " ".join(_BY_STATUS[order.status](w))


def _placed(w: _Writer) -> list[str]:
    status = w.order.status
    if status is OrderStatus.PENDING and w.order.payment_status == PaymentStatus.PENDING:
        key = "pending_payment"
    else:
        key = status.value
    return [w.say(key, placed_on=w.day(w.order.placed_at))]


def _refunds(w: _Writer) -> list[str]:
    lines = []
    for refund in w.order.refunds:
        amount = w.money(refund)
        if refund.status == RefundStatus.PENDING:
            lines.append(w.say("refund_pending", amount=amount))
        elif refund.status == RefundStatus.PROCESSED and refund.created_at:
            lines.append(
                w.say("refund_processed", amount=amount, refunded_on=w.day(refund.created_at))
            )
        elif refund.status == RefundStatus.PROCESSED:
            lines.append(w.say("refund_processed_no_date", amount=amount))
        else:
            lines.append(w.say("refund_other", amount=amount, status=refund.status))
    return lines


def _with_refunds(head: str) -> Callable[[_Writer], list[str]]:
    return lambda w: [w.say(head), *_refunds(w)]


def _on_hold(w: _Writer) -> list[str]:
    reason = (w.order.hold_reason or "").strip()
    return [
        w.say("on_hold"),
        *([w.say("hold_reason", reason=reason.rstrip("."))] if reason else []),
        w.say("on_hold_next"),
    ]


def _payment_failed(w: _Writer) -> list[str]:
    reason = (w.order.payment_failure_reason or "").strip()
    return [
        w.say("payment_failed"),
        *([w.say("payment_failure_reason", reason=reason.rstrip("."))] if reason else []),
        w.say("payment_failed_next"),
    ]


_BY_STATUS: dict[OrderStatus, Callable[[_Writer], list[str]]] = {
    OrderStatus.PENDING: _placed,
    OrderStatus.PAID: _placed,
    OrderStatus.PROCESSING: _placed,
    OrderStatus.CANCELLED: _with_refunds("cancelled"),
    OrderStatus.RETURNED: _with_refunds("returned"),
    OrderStatus.REFUNDED: _with_refunds("refunded"),
    OrderStatus.ON_HOLD: _on_hold,
    OrderStatus.PAYMENT_FAILED: _payment_failed,
}


def _shipping(w: _Writer) -> str:
    if len(w.order.shipments) > 1:
        return _several(w)
    status = w.order.status
    shipment = main_shipment(w.order)
    carrier = shipment.carrier if shipment else None
    parts = [_head(w, carrier, shipment)]
    if shipment is None:
        return parts[0]
    if shipment.tracking_number:
        parts.append(w.say("tracking_number", tracking_number=shipment.tracking_number))
    if status is not OrderStatus.DELIVERED:
        if shipment.estimated_delivery:
            parts.append(
                w.say("estimated_delivery", estimated_on=w.day(shipment.estimated_delivery))
            )
        parts.extend(_last_event(w, shipment))
    if shipment.status == ShipmentStatus.EXCEPTION:
        parts.append(w.say("delivery_problem"))
    # The link goes last, so that no sentence runs into it.
    if shipment.tracking_url and status is not OrderStatus.DELIVERED:
        parts.append(w.say("tracking_url", tracking_url=shipment.tracking_url))
    return " ".join(parts)


def _head(w: _Writer, carrier: str | None, shipment: ShipmentView | None) -> str:
    key = w.order.status.value
    if w.order.status is OrderStatus.DELIVERED:
        delivered_at = shipment.delivered_at if shipment else None
        if delivered_at and carrier:
            return w.say(key, carrier=carrier, delivered_on=w.day(delivered_at))
        if delivered_at:
            return w.say("delivered_no_carrier", delivered_on=w.day(delivered_at))
        return (
            w.say("delivered_no_date", carrier=carrier)
            if carrier
            else w.say("delivered_no_details")
        )
    return w.say(key, carrier=carrier) if carrier else w.say(f"{key}_no_carrier")


def _last_event(w: _Writer, shipment: ShipmentView) -> list[str]:
    event = shipment.last_event
    description = event.description.strip().rstrip(".") if event else ""
    if event is None or not description:
        return []
    at = format_moment(event.at, w.locale, w.tz)
    if event.location and event.location.strip():
        return [
            w.say(
                "last_event", event_at=at, description=description, location=event.location.strip()
            )
        ]
    return [w.say("last_event_no_location", event_at=at, description=description)]


def _several(w: _Writer) -> str:
    """One line per parcel: who carries it, where it is, when it should arrive."""
    shipments = w.order.shipments
    head = _head(w, None, None)
    lines = [_shipment_line(w, shipment, index) for index, shipment in enumerate(shipments, 1)]
    text = f"{head} {w.say('shipments_intro', count=len(shipments))}\n" + "\n".join(lines)
    if any(s.status == ShipmentStatus.EXCEPTION for s in shipments):
        text += "\n" + w.say("delivery_problem")
    return text


def _shipment_line(w: _Writer, shipment: ShipmentView, index: int) -> str:
    carrier, number = shipment.carrier, shipment.tracking_number
    if carrier and number:
        name = w.say("shipment_carrier_tracking", carrier=carrier, tracking_number=number)
    elif number:
        name = w.say("shipment_tracking_only", tracking_number=number)
    else:
        name = carrier or w.say("shipment_unnamed", index=index)
    delivered = shipment.status == ShipmentStatus.DELIVERED
    if delivered and shipment.delivered_at:
        state = w.say("shipment_delivered_on", delivered_on=w.day(shipment.delivered_at))
    else:
        state = shipment_status_name(shipment.status, w.locale)
    if shipment.estimated_delivery and not delivered:
        eta = w.day(shipment.estimated_delivery)
        return w.say("shipment_line_eta", shipment=name, state=state, estimated_on=eta)
    return w.say("shipment_line", shipment=name, state=state)
