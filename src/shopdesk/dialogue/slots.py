"""Fill the order-lookup slots from a message's entities, using what the bot asked for.

A five-digit number is both a plausible order number and a postal code. Context decides: after
we asked for the email or postal code, it is a postal code; when the message also carries a
lettered order number, it is a postal code; otherwise it is an order number.
"""

from __future__ import annotations

from shopdesk.core.nlu import Entity, NLUResult
from shopdesk.dialogue.state import DialogueState


def _spans_overlap(a: Entity, b: Entity) -> bool:
    return a.start < b.end and b.start < a.end


def fill_slots(state: DialogueState, nlu: NLUResult) -> DialogueState:
    orders = nlu.all("order_number")
    postals = nlu.all("postal_code")
    emails = nlu.all("email")
    updates: dict[str, object] = {}

    if emails:
        updates["email"] = emails[-1].value

    have_number = state.order_number is not None
    wants_postal = have_number and state.awaiting == "email"
    ambiguous = [o for o in orders if any(_spans_overlap(o, p) for p in postals)]
    clear_orders = [o for o in orders if o not in ambiguous]
    postal_only = [p for p in postals if not any(_spans_overlap(p, o) for o in orders)]

    chosen_order: Entity | None = clear_orders[0] if clear_orders else None
    chosen_postal: Entity | None = postal_only[0] if postal_only else None
    for entity in ambiguous:
        postal_twin = next(p for p in postals if _spans_overlap(entity, p))
        if chosen_order is None and not wants_postal:
            chosen_order = entity
        elif chosen_postal is None:
            chosen_postal = postal_twin

    if chosen_order is not None:
        updates["order_number"] = chosen_order.value
        # A different order keeps the email/postal code given before: same shopper.
        updates["order_number_alternatives"] = chosen_order.alternatives
    if chosen_postal is not None:
        updates["postal_code"] = chosen_postal.value
    if emails and chosen_postal is None:
        # A freshly typed email replaces any earlier postal code as the proof to try.
        updates["postal_code"] = None
    if chosen_postal is not None and not emails:
        updates["email"] = None
    return state.model_copy(update=updates) if updates else state


def carries_lookup_slots(nlu: NLUResult) -> bool:
    return any(e.type in {"order_number", "email", "postal_code"} for e in nlu.entities)
