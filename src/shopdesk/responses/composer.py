"""Render a :class:`Reply` from the dialogue engine into a message in the shopper's locale."""

from __future__ import annotations

from datetime import date, tzinfo
from typing import Any

from babel import Locale
from babel.lists import format_list

from shopdesk.core.replies import ComposedMessage, Money, Reply, ReplyKey
from shopdesk.core.types import OrderStatus
from shopdesk.responses.cards import order_status_card
from shopdesk.responses.catalog import label, message, resolve_locale
from shopdesk.responses.formatting import (
    babel_locale,
    format_day,
    format_money,
    status_name,
)
from shopdesk.responses.order_text import order_status_text
from shopdesk.responses.policy_text import format_policy_value

_TRACK = ("track_order", "talk_to_person")
_HUMAN = ("talk_to_person",)

# Buttons offered under each reply: the next steps that make sense there, and always a way to a
# person where the bot cannot go further.
_QUICK_REPLIES: dict[ReplyKey, tuple[str, ...]] = {
    ReplyKey.GREETING: _TRACK,
    ReplyKey.GREET_BACK: _TRACK,
    ReplyKey.ORDER_STATUS: ("track_another_order", "talk_to_person"),
    ReplyKey.ORDER_NOT_FOUND: _HUMAN,
    ReplyKey.VERIFICATION_THROTTLED: _HUMAN,
    ReplyKey.OUT_OF_SCOPE: _TRACK,
    ReplyKey.CANNOT_DISCLOSE: _HUMAN,
    ReplyKey.ANYTHING_ELSE: _TRACK,
    ReplyKey.TOPIC_OFFER: _TRACK[::-1],
    ReplyKey.ACTION_UNAVAILABLE: _HUMAN,
    ReplyKey.SYSTEM_UNAVAILABLE: _HUMAN,
}


def compose(
    reply: Reply, locale: str, *, shop_name: str, tz: tzinfo | None = None
) -> ComposedMessage:
    """The text, quick replies and card for ``reply``; an unsupported locale answers in English.

    ``tz`` is the zone in which times are shown (UTC, labelled, when not given).
    """
    loc = resolve_locale(locale)
    card: dict[str, Any] | None = None
    if reply.key is ReplyKey.ORDER_STATUS:
        if reply.order is None:
            raise ValueError("an ORDER_STATUS reply needs its order")
        text = order_status_text(reply.order, loc, tz)
        card = order_status_card(reply.order)
    else:
        text = _text(reply, loc, shop_name)
    buttons = tuple(label(loc, name) for name in _QUICK_REPLIES.get(reply.key, ()))
    return ComposedMessage(text=text, quick_replies=buttons, card=card)


def _text(reply: Reply, loc: str, shop_name: str) -> str:
    key = reply.key
    if key in (ReplyKey.ASK_EMAIL, ReplyKey.ORDER_NOT_FOUND):
        # Only the number the shopper typed is echoed: nothing about any stored order.
        number = str(reply.params.get("order_number") or "").strip()
        if number:
            return message(loc, f"{key.value}.with_number", order_number=number)
        return message(loc, f"{key.value}.without_number")
    if key is ReplyKey.HANDOFF_QUEUED:
        return _handoff(reply.params, loc)
    if key is ReplyKey.TOPIC_OFFER:
        topic = reply.params.get("topic")
        if not isinstance(topic, str):
            raise ValueError("a TOPIC_OFFER reply needs its topic")
        return message(loc, key.value, topic=message(loc, f"topics.{topic}"))
    params = {name: _format(value, loc) for name, value in reply.params.items()}
    variant = params.pop("variant", None)
    name = f"{key.value}.{variant}" if variant else key.value
    return message(loc, name, **{"shop_name": shop_name, **params})


def _format(value: Any, loc: str) -> Any:
    """A reply parameter as the shopper reads it in ``loc``."""
    policy_text = format_policy_value(value, loc)  # terms, countries, shipping, hours
    if policy_text is not None:
        return policy_text
    if isinstance(value, Money):
        return format_money(value.amount, value.currency, loc)
    if isinstance(value, OrderStatus):
        name = status_name(value, loc)
        # Mid-sentence ("it is shipped"); German capitalises nouns, so it keeps its case.
        return name if loc == "de" else name[:1].lower() + name[1:]
    if isinstance(value, date):  # datetimes too
        return format_day(value, loc)
    if isinstance(value, list | tuple):
        return format_list([str(_format(v, loc)) for v in value], locale=babel_locale(loc))
    return value


def _handoff(params: dict[str, Any], loc: str) -> str:
    """Intro, then what to expect: offline notice, typical wait, or "as soon as possible".

    params: ``agents_online`` (bool, optional), ``wait_minutes`` (int >= 1, optional). Without
    them we promise no figure.
    """
    intro = message(loc, "handoff_queued.intro")
    minutes = params.get("wait_minutes")
    if params.get("agents_online") is False:
        return f"{intro} {message(loc, 'handoff_queued.offline')}"
    if isinstance(minutes, int) and not isinstance(minutes, bool) and minutes >= 1:
        form = "one" if Locale.parse(babel_locale(loc)).plural_form(minutes) == "one" else "other"
        return f"{intro} {message(loc, f'handoff_queued.wait_{form}', minutes=minutes)}"
    return f"{intro} {message(loc, 'handoff_queued.wait_unknown')}"
