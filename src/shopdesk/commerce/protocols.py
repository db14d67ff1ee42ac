"""The protocols the dialogue engine talks to. Implementations live beside this module."""

from __future__ import annotations

from typing import Protocol

from shopdesk.core.orders import OrderView


class OrderSource(Protocol):
    async def get_order(self, number_key: str) -> OrderView | None:
        """The order whose canonical number (see ``order_number_key``) is ``number_key``.

        The caller, not the source, decides whether the shopper may see it: see
        ``dialogue.verification``.
        """
        ...
