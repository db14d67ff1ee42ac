"""check_invoice and get_invoice: a download link to the verified order's invoice.

An invoice exists once the order has been paid (it stays after a refund). The dialogue holds no
secret, so it cannot sign the link: its reply names the order in ``invoice_for`` (the number
key), and the conversation service puts the signed ``url`` and its lifetime in ``hours`` in its
place before the reply is composed.
"""

from __future__ import annotations

from shopdesk.core.nlu import NLUResult
from shopdesk.core.orders import OrderView, order_number_key
from shopdesk.core.replies import Reply, ReplyKey
from shopdesk.core.types import Intent, OrderStatus
from shopdesk.dialogue.context import TurnContext, TurnResult
from shopdesk.dialogue.flows import Flow
from shopdesk.dialogue.gate import need_order
from shopdesk.dialogue.state import DialogueState

NAME = "invoice"
INVOICE_FOR = "invoice_for"
"""The param naming the order whose signed link the I/O layer fills in (as ``url``, ``hours``)."""

# Money was taken for the order: there is an invoice, refunded or not.
_CHARGED = frozenset({"paid", "partially_refunded", "refunded"})
# Without a payment status, what the order status says about the payment.
_UNPAID_STATUSES = frozenset({OrderStatus.PENDING, OrderStatus.PAYMENT_FAILED})


def has_invoice(order: OrderView) -> bool:
    """Whether the shop has invoiced this order: it was paid (a refund does not undo that)."""
    if order.payment_status is not None:
        return order.payment_status in _CHARGED
    return order.status not in _UNPAID_STATUSES and order.status is not OrderStatus.CANCELLED


def invoice_reply(order: OrderView) -> Reply:
    """What to tell the shopper about the invoice of their (verified) order."""
    params: dict[str, object] = {"order_number": order.number}
    if has_invoice(order):
        params |= {"variant": "ready", INVOICE_FOR: order_number_key(order.number)}
    elif order.status is OrderStatus.CANCELLED:
        params["variant"] = "cancelled_unpaid"
    else:
        params["variant"] = "not_paid"
    return Reply(key=ReplyKey.INVOICE, params=params)


async def run(state: DialogueState, nlu: NLUResult, ctx: TurnContext) -> TurnResult:
    found = await need_order(state, ctx, NAME)
    if isinstance(found, TurnResult):
        return found
    done = found.state.model_copy(update={"flow": None})
    events = ("verified",) if found.newly else ()
    return TurnResult(done, [invoice_reply(found.order)], events=events)


FLOW = Flow(
    name=NAME,
    intents=frozenset({Intent.CHECK_INVOICE, Intent.GET_INVOICE}),
    run=run,
)
