"""The knowledge base: shop articles (FAQ) cut into passages and searched by words and meaning.

Pure: no database or model of its own. The server loads the articles and hands over the
sentence encoder (:class:`~shopdesk.knowledge.index.Embed`); see :mod:`.base` for how the
index is kept fresh.
"""

from shopdesk.knowledge.index import Embed, Hit, KnowledgeIndex
from shopdesk.knowledge.passages import Article, Passage

__all__ = ["Article", "Embed", "Hit", "KnowledgeIndex", "Passage"]
