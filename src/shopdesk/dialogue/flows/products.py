"""product_availability: is it in stock, at what price, and what else if it is not.

The product comes from the NLU's product entity (a catalogue name matched despite typos), or
from a catalogue search on the message; if neither finds it, the bot asks which product.
Stock is only ever read from the shop's catalogue, never guessed.
"""

from __future__ import annotations

from shopdesk.commerce.protocols import CommerceError
from shopdesk.core.nlu import NLUResult
from shopdesk.core.products import ProductView
from shopdesk.core.replies import Money, Reply, ReplyKey
from shopdesk.core.types import Intent
from shopdesk.dialogue.context import TurnContext, TurnResult
from shopdesk.dialogue.flows import Flow, offer_person
from shopdesk.dialogue.state import DialogueState

NAME = "product_availability"
WHICH = "product_name"  # state.awaiting: we asked which product
LOW_STOCK = 5  # "only 3 left" below this


def _reply(variant: str, **params: object) -> Reply:
    return Reply(key=ReplyKey.PRODUCT_AVAILABILITY, params={"variant": variant, **params})


async def run(state: DialogueState, nlu: NLUResult, ctx: TurnContext) -> TurnResult:
    done = state.model_copy(update={"flow": None, "awaiting": None})
    if ctx.catalog is None:
        return offer_person(done)
    try:
        product = await _find(nlu, ctx, asked=state.awaiting == WHICH)
    except CommerceError:
        return offer_person(done)
    if product is None:
        if state.awaiting == WHICH:  # asked once already: say so instead of asking forever
            return TurnResult(done, [_reply("not_found")])
        asking = state.model_copy(update={"flow": NAME, "awaiting": WHICH})
        return TurnResult(asking, [_reply("which")])
    price = Money(amount=product.price, currency=product.currency)
    if product.in_stock:
        stock = product.stock
        if stock is not None and stock <= LOW_STOCK:
            return TurnResult(
                done, [_reply("few_left", name=product.name, price=price, count=stock)]
            )
        return TurnResult(done, [_reply("in_stock", name=product.name, price=price)])
    others = await _alternatives(product, ctx)
    if not others:
        return TurnResult(done, [_reply("out_of_stock", name=product.name)])
    names = [p.name for p in others]
    return TurnResult(done, [_reply("out_of_stock_alternatives", name=product.name, others=names)])


async def _find(nlu: NLUResult, ctx: TurnContext, *, asked: bool) -> ProductView | None:
    assert ctx.catalog is not None
    entity = nlu.first("product")
    if entity is not None:
        found = await ctx.catalog.get_product(entity.value)
        if found is not None:
            return found
    if not asked:
        return None  # "do you have this in stock?" names nothing: ask rather than guess
    matches = await ctx.catalog.find_products(nlu.text, limit=1)
    return matches[0] if matches else None


async def _alternatives(product: ProductView, ctx: TurnContext) -> list[ProductView]:
    """Up to three products in stock that share its first tag (same kind of thing)."""
    assert ctx.catalog is not None
    if not product.tags:
        return []
    similar = await ctx.catalog.find_products(product.tags[0], limit=8)
    return [p for p in similar if p.sku != product.sku and p.in_stock][:3]


FLOW = Flow(name=NAME, intents=frozenset({Intent.PRODUCT_AVAILABILITY}), run=run)
