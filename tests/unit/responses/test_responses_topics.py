"""Every topic the dialogue can offer a person for reads naturally in every language."""

from __future__ import annotations

import pytest

from shopdesk.core.replies import Reply, ReplyKey
from shopdesk.dialogue.topics import TOPICS
from shopdesk.responses import compose
from shopdesk.responses.catalog import catalog

LOCALES = ["en", "es", "fr", "de", "pt", "it"]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_topic_offer(locale: str, topic: str) -> None:
    composed = compose(
        Reply(key=ReplyKey.TOPIC_OFFER, params={"topic": topic}), locale, shop_name="Shop"
    )
    assert catalog(locale)[f"topics.{topic}"] in composed.text
    assert "{" not in composed.text
    assert len(composed.quick_replies) == 2
