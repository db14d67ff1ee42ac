"""Typed SQLAlchemy 2 ORM, one module per aggregate. Importing this package registers them all."""

# Console users live with their package (shopdesk.agents) but share this metadata.
from shopdesk.agents.tables import Agent, AgentSession, CannedResponse
from shopdesk.models.audit import AuditEntry
from shopdesk.models.base import Base
from shopdesk.models.catalog import Article, Product
from shopdesk.models.conversation import Conversation, IdempotencyRecord, Message
from shopdesk.models.customer import Customer
from shopdesk.models.feedback import ErasureRequest, Feedback, NewsletterSubscription
from shopdesk.models.handoff import AgentNote, AgentPresence, HandoffEvent, HandoffTicket
from shopdesk.models.order import Order, OrderItem, Refund, Shipment
from shopdesk.models.returns import Return

__all__ = [
    "Agent",
    "AgentNote",
    "AgentPresence",
    "AgentSession",
    "Article",
    "AuditEntry",
    "Base",
    "CannedResponse",
    "Conversation",
    "Customer",
    "ErasureRequest",
    "Feedback",
    "HandoffEvent",
    "HandoffTicket",
    "IdempotencyRecord",
    "Message",
    "NewsletterSubscription",
    "Order",
    "OrderItem",
    "Product",
    "Refund",
    "Return",
    "Shipment",
]
