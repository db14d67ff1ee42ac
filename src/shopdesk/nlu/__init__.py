"""Natural-language understanding: language, intent, entities and sentiment of one message.

Pure (no database, network, settings or clock). Build once with :func:`build_pipeline` at
start-up; :meth:`Pipeline.understand` is then safe to call from any conversation.
"""

from shopdesk.nlu.component import Component, WorkingMessage
from shopdesk.nlu.entities import DEFAULT_ORDER_NUMBER_PATTERN, EntityExtractor
from shopdesk.nlu.pipeline import Pipeline, build_pipeline

__all__ = [
    "DEFAULT_ORDER_NUMBER_PATTERN",
    "Component",
    "EntityExtractor",
    "Pipeline",
    "WorkingMessage",
    "build_pipeline",
]
