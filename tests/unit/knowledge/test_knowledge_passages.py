"""Articles cut into passages: paragraphs under their heading, bold-only lines joined to the
paragraph after them, markdown emphasis gone from the quote."""

from __future__ import annotations

from shopdesk.knowledge.passages import MAX_PASSAGE_CHARS, Article, plain, split_article

BODY = (
    "We ship from **Zaragoza**.\n\n"
    "**Delivery after dispatch**\n\n"
    "- Spain: 1–3 days\n- Portugal: 2–4 days\n\n"
    "## Costs\n\n"
    "Shipping costs €4.95, *free* from €60. See [our page](https://x.example/ship)."
)


def test_paragraphs_become_passages_with_their_heading() -> None:
    passages = split_article(Article("ship", "en", "Shipping", BODY))
    assert [p.text for p in passages] == [
        "We ship from Zaragoza.",
        "Delivery after dispatch\n- Spain: 1–3 days\n- Portugal: 2–4 days",
        "Shipping costs €4.95, free from €60. See our page (https://x.example/ship).",
    ]
    assert [p.section for p in passages] == [None, None, "Costs"]
    assert [p.position for p in passages] == [0, 1, 2]
    assert passages[2].key == ("ship", "en", 2)


def test_an_article_without_body_is_one_passage_holding_its_title() -> None:
    (only,) = split_article(Article("empty", "en", "Gift cards", ""))
    assert only.text == "Gift cards"


def test_a_long_paragraph_is_cut_at_sentence_ends() -> None:
    sentence = "Our stoneware is made by hand in small batches in Spain. "
    passages = split_article(Article("long", "en", "Long", sentence * 40))
    assert len(passages) > 1
    assert all(len(p.text) <= MAX_PASSAGE_CHARS for p in passages)
    assert all(p.text.endswith(".") for p in passages)


def test_plain_removes_emphasis_but_keeps_email_addresses() -> None:
    assert plain("write to **hello@example.com** or __us__") == "write to hello@example.com or us"
