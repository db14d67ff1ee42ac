"""delivery_options and delivery_period: how, for how much and how fast the shop delivers.

The destination is the country named in the message, else the country of the shopper's
verified order, else every region briefly. Days count from the order: dispatch plus transit.
Asked how long *their* order takes (an order named now or verified before), the shopper gets
the carrier's estimate once it has shipped, and the policy's estimate until then.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from shopdesk.core.nlu import NLUResult
from shopdesk.core.orders import OrderView
from shopdesk.core.policy import Region, Shipping
from shopdesk.core.replies import Country, Money, Reply, ReplyKey, ShippingQuote, ShippingZone
from shopdesk.core.types import Intent, OrderStatus
from shopdesk.dialogue.context import TurnContext, TurnResult
from shopdesk.dialogue.countries import find_country
from shopdesk.dialogue.flows import Flow
from shopdesk.dialogue.gate import need_order
from shopdesk.dialogue.state import DialogueState

NAME = "shipping"
_ON_ITS_WAY = frozenset({OrderStatus.SHIPPED, OrderStatus.OUT_FOR_DELIVERY})
_CLOSED = frozenset({OrderStatus.CANCELLED, OrderStatus.REFUNDED, OrderStatus.RETURNED})


def _reply(variant: str, **params: object) -> Reply:
    return Reply(key=ReplyKey.SHIPPING_INFO, params={"variant": variant, **params})


def quotes(region: Region, shipping: Shipping) -> tuple[ShippingQuote, ...]:
    """The region's options, with business days counted from the order (dispatch included)."""
    cur, extra = shipping.currency, shipping.dispatch_days
    return tuple(
        ShippingQuote(
            name=option.name,
            price=Money(amount=option.price, currency=cur),
            free_over=(
                Money(amount=option.free_over, currency=cur)
                if option.free_over is not None
                else None
            ),
            days=(option.days[0] + extra, option.days[1] + extra),
        )
        for option in region.options
    )


def zones(shipping: Shipping) -> list[ShippingZone]:
    return [
        ShippingZone(name=r.name, countries=r.countries, quotes=quotes(r, shipping))
        for r in shipping.regions
    ]


def by_country(kind: str, country: str | None, shipping: Shipping) -> Reply:
    """``kind`` "options" or "period": for one country, or for every region."""
    if country is not None:
        region = shipping.region_for(country)
        if region is None:
            return _reply("no_delivery", country=Country(code=country))
        return _reply(kind, country=Country(code=country), quotes=quotes(region, shipping))
    if len(shipping.regions) == 1 and not shipping.regions[0].countries:
        return _reply(f"{kind}_everywhere", quotes=quotes(shipping.regions[0], shipping))
    return _reply(f"{kind}_all", zones=zones(shipping))


def order_period(order: OrderView, shipping: Shipping) -> Reply:
    """How long this (verified) order will take."""
    number = order.number
    country = order.shipping_address.country if order.shipping_address else None
    if order.status is OrderStatus.DELIVERED:
        delivered = [s.delivered_at for s in order.shipments if s.delivered_at is not None]
        if delivered:
            return _reply("order_delivered", order_number=number, date=max(delivered))
        return _reply("order_delivered_no_date", order_number=number)
    if order.status in _CLOSED:
        return _reply("order_closed", order_number=number, status=order.status)
    if order.status in _ON_ITS_WAY:
        etas: list[date] = [
            s.estimated_delivery
            for s in order.shipments
            if s.estimated_delivery is not None and s.delivered_at is None
        ]
        if etas:
            return _reply("order_eta", order_number=number, date=max(etas))
    region = shipping.region_for(country)
    if country is None or region is None:
        return by_country("period", None, shipping)
    variant = "order_shipped" if order.status in _ON_ITS_WAY else "order_not_shipped"
    return _reply(
        variant,
        order_number=number,
        status=order.status,
        country=Country(code=country),
        quotes=quotes(region, shipping),
    )


async def run(state: DialogueState, nlu: NLUResult, ctx: TurnContext) -> TurnResult:
    shipping = ctx.policy.shipping
    resumed = state.flow == NAME  # we asked for the order's number or email
    named_country = find_country(nlu.text)
    named_order = nlu.first("order_number") is not None
    verified = state.order_number is not None and state.order_number in state.verified_orders
    period = nlu.intent == Intent.DELIVERY_PERIOD or resumed
    served = Intent.DELIVERY_PERIOD if period else Intent.DELIVERY_OPTIONS
    done = state.model_copy(update={"flow": None})

    if named_country is None and (resumed or named_order or verified):
        # Their own order: through the gate (a verified order passes without a question).
        found = await need_order(state, ctx, NAME)
        if isinstance(found, TurnResult):
            return replace(found, intent=served)
        done = found.state.model_copy(update={"flow": None})
        events = ("verified",) if found.newly else ()
        if period:
            reply = order_period(found.order, shipping)
            return TurnResult(done, [reply], events=events, intent=served)
        address = found.order.shipping_address
        country = address.country if address else None
        reply = by_country("options", country, shipping)
        return TurnResult(done, [reply], events=events, intent=served)

    kind = "period" if period else "options"
    return TurnResult(done, [by_country(kind, named_country, shipping)], intent=served)


FLOW = Flow(
    name=NAME,
    intents=frozenset({Intent.DELIVERY_OPTIONS, Intent.DELIVERY_PERIOD}),
    run=run,
)
