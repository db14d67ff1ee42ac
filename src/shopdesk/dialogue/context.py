"""What a turn is given (:class:`TurnContext`) and what it returns (:class:`TurnResult`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from shopdesk.commerce.protocols import CatalogSource, OrderActions, OrderSource, ShopperRecords
from shopdesk.core.policy import ShopPolicy
from shopdesk.core.replies import Reply
from shopdesk.dialogue.escalation import EscalationPolicy
from shopdesk.dialogue.state import DialogueState
from shopdesk.knowledge import KnowledgeIndex


@dataclass(frozen=True)
class TurnContext:
    orders: OrderSource
    max_failed_verifications: int = 5
    client_throttled: bool = False
    token_email: str | None = None  # email of the customer a valid customer_token names
    escalation: EscalationPolicy = field(default_factory=EscalationPolicy)
    policy: ShopPolicy = field(default_factory=ShopPolicy)
    # Writes (cancel, new address...) go through here; None: this shop allows no writes.
    actions: OrderActions | None = None
    catalog: CatalogSource | None = None
    # Feedback, erasure requests and newsletter choices; None: not recorded by this shop.
    records: ShopperRecords | None = None
    # The engine reads no clock: "within 30 days of delivery" is measured from this.
    now: datetime | None = None
    # Unique per inbound message: a write made in this turn uses it as its idempotency key, so
    # a retried message can never cancel or refund twice.
    action_key: str = ""
    # The shop's articles (FAQ), searchable; None: no knowledge base.
    knowledge: KnowledgeIndex | None = None


@dataclass(frozen=True)
class TurnResult:
    state: DialogueState
    replies: list[Reply]
    handoff_reason: str | None = None
    events: tuple[str, ...] = ()
    # The intent this turn served: "track_order" for an email typed while we asked for it.
    intent: str | None = None
