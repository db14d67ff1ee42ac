"""The faq flow in the pure engine: a message no flow takes is answered from the knowledge base
when it answers well, naming the article, in the shopper's language; everything else is left to
the engine as before. Replies are also rendered in every locale."""

from __future__ import annotations

import pytest

from shopdesk.core.nlu import Entity, NLUResult
from shopdesk.core.orders import OrderView
from shopdesk.core.replies import Reply, ReplyKey, Term
from shopdesk.core.types import SUPPORTED_LOCALES
from shopdesk.dialogue.context import TurnContext
from shopdesk.dialogue.engine import step
from shopdesk.dialogue.state import DialogueState
from shopdesk.knowledge import Article, KnowledgeIndex
from shopdesk.responses import compose
from unit.knowledge.test_knowledge_index import toy_embed

ARTICLES = [
    Article("returns", "en", "Returns", "You can return items within 30 days."),
    Article("returns", "es", "Devoluciones", "Puedes devolver artículos en 30 días."),
    Article("gifts", "en", "Gift wrapping", "We wrap any gift for 3.50 €.", "https://x.example/g"),
]
INDEX = KnowledgeIndex(ARTICLES, embed=toy_embed)


class NoOrders:
    async def get_order(self, number_key: str) -> OrderView | None:
        return None


def nlu(
    text: str, intent: str = "out_of_scope", confidence: float = 0.9, *entities: Entity
) -> NLUResult:
    return NLUResult(
        text=text,
        normalized=text.lower(),
        language=None,
        intent=intent,
        confidence=confidence,
        intent_ranking=((intent, confidence),),
        entities=entities,
    )


def ctx(index: KnowledgeIndex | None = INDEX) -> TurnContext:
    return TurnContext(orders=NoOrders(), knowledge=index)


async def test_an_out_of_scope_question_gets_the_article() -> None:
    result = await step(DialogueState(), nlu("do you wrap a gift?"), ctx())
    first, link = result.replies
    assert first.key is ReplyKey.FAQ_ANSWER
    assert first.params == {
        "variant": "answer",
        "title": "Gift wrapping",
        "passage": "We wrap any gift for 3.50 €.",
    }
    assert link.params == {"variant": "link", "url": "https://x.example/g"}
    assert result.intent == "faq"
    assert result.state.fallback_count == 0
    text = compose(first, "en", shop_name="Shop").text
    assert text.startswith("From our article “Gift wrapping”:")
    assert "We wrap any gift" in text


async def test_a_spanish_shopper_gets_the_english_only_article_with_a_note() -> None:
    result = await step(DialogueState(locale="es"), nlu("¿envolvéis un regalo?"), ctx())
    text = compose(result.replies[0], "es", shop_name="Shop").text
    assert text.startswith("Este artículo solo lo tenemos en inglés. De «Gift wrapping»:")
    assert "We wrap any gift" in text


async def test_the_shoppers_version_of_the_article_is_quoted() -> None:
    result = await step(DialogueState(locale="es"), nlu("quiero devolver algo"), ctx())
    (reply,) = result.replies
    assert reply.params["title"] == "Devoluciones"
    assert reply.params["variant"] == "answer"


async def test_an_unsure_guess_at_another_intent_still_gets_the_article() -> None:
    result = await step(DialogueState(), nlu("return items", "get_refund", 0.3), ctx())
    assert result.intent == "faq"


@pytest.mark.parametrize(
    ("message", "knowledge"),
    [
        (nlu("what is the capital of Australia"), INDEX),  # no good answer
        (nlu("do you wrap a gift?"), None),  # no knowledge base
        (nlu("do you wrap a gift?"), KnowledgeIndex([])),  # an empty one
    ],
)
async def test_without_a_good_answer_the_out_of_scope_reply_stays(
    message: NLUResult, knowledge: KnowledgeIndex | None
) -> None:
    result = await step(DialogueState(), message, ctx(knowledge))
    assert [r.key for r in result.replies] == [ReplyKey.OUT_OF_SCOPE]
    assert result.state.fallback_count == 1


async def test_chat_about_the_conversation_is_never_a_question() -> None:
    result = await step(DialogueState(), nlu("hello gift", "greet", 0.3), ctx())
    assert [r.key for r in result.replies] == [ReplyKey.GREET_BACK]


async def test_an_order_number_goes_to_the_lookup_not_to_the_articles() -> None:
    number = Entity(type="order_number", value="HX1001", raw="HX1001", start=0, end=6)
    result = await step(
        DialogueState(), nlu("HX1001 gift wrap", "out_of_scope", 0.9, number), ctx()
    )
    assert ReplyKey.FAQ_ANSWER not in [r.key for r in result.replies]


async def test_an_answer_awaited_for_the_lookup_is_not_a_question() -> None:
    waiting = DialogueState(flow="track_order", awaiting="order_number")
    result = await step(waiting, nlu("gift wrap", "out_of_scope", 0.9), ctx())
    assert ReplyKey.FAQ_ANSWER not in [r.key for r in result.replies]


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("variant", ["answer", "answer_foreign"])
def test_every_variant_renders_in_every_locale(locale: str, variant: str) -> None:
    params: dict[str, object] = {"variant": variant, "title": "T", "passage": "P {not a field}"}
    params["language"] = Term(group="article_language", code="de" if locale == "en" else "en")
    text = compose(Reply(key=ReplyKey.FAQ_ANSWER, params=params), locale, shop_name="S").text
    assert "“T”" in text or "«T»" in text or "« T »" in text or "„T“" in text
    assert text.endswith("P {not a field}")  # a passage is data, never a template
    link = Reply(key=ReplyKey.FAQ_ANSWER, params={"variant": "link", "url": "https://x/y"})
    assert compose(link, locale, shop_name="S").text.endswith("https://x/y")
