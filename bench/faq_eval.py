"""How well the knowledge base finds the answer: BM25 alone, embeddings alone, hybrid.

python -m bench.faq_eval

Builds the index over the demo shop's articles (six languages; two articles in English only)
and asks the questions of bench/data/faq_eval.yml (ours, six languages). Reports, per ranking,
the top-1 article hit rate and the top-1 passage hit rate on the answerable questions, then, for
the hybrid score, how the "no good answer" threshold splits answerable from unanswerable ones.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from shopdesk.knowledge import Article, Hit, KnowledgeIndex
from shopdesk.knowledge.index import MIN_SCORE
from shopdesk.nlu.embeddings import encode
from shopdesk.store.demo_articles import ARTICLES

DATA = Path(__file__).resolve().parent / "data" / "faq_eval.yml"
POLICY = Path(__file__).resolve().parents[1] / "src" / "shopdesk" / "store" / "demo_policy.yml"
RRF_K = 60


@dataclass(frozen=True)
class Question:
    locale: str
    text: str
    slug: str | None
    passage: int | None


def questions(path: Path = DATA) -> list[Question]:
    raw = yaml.safe_load(path.read_text("utf-8"))["questions"]
    return [Question(q["locale"], q["q"], q["slug"], q.get("passage")) for q in raw]


def demo_articles() -> list[Article]:
    return [
        Article(slug, locale, title, body)
        for slug, versions in ARTICLES.items()
        for locale, (title, body) in versions.items()
    ]


Ranker = Callable[[KnowledgeIndex, Question], Hit]


def by_mode(mode: str) -> Ranker:
    return lambda index, q: index.search(q.text, locale=q.locale, limit=1, mode=mode)[0]  # type: ignore[arg-type]


def by_weight(weight: float) -> Ranker:
    def rank(index: KnowledgeIndex, q: Question) -> Hit:
        everything = index.search(q.text, locale=q.locale, limit=len(index), mode="hybrid")
        return max(everything, key=lambda h: (1 - weight) * h.lexical + weight * h.semantic)

    return rank


def any_language(index: KnowledgeIndex, q: Question) -> Hit:
    """The hybrid score with BM25 over passages in every language (not only the question's)."""
    return index.search(q.text, limit=1)[0]


def by_rrf(index: KnowledgeIndex, q: Question) -> Hit:
    """Reciprocal-rank fusion of the BM25 and the embedding rankings."""
    score: dict[tuple[str, str, int], float] = {}
    hits: dict[tuple[str, str, int], Hit] = {}
    for mode in ("bm25", "embedding"):
        ranking = index.search(q.text, locale=q.locale, limit=len(index), mode=mode)
        for rank, hit in enumerate(ranking):
            key = hit.passage.key
            score[key] = score.get(key, 0.0) + 1 / (RRF_K + rank + 1)
            hits.setdefault(key, hit)
    return hits[max(score, key=lambda k: (score[k], k))]


def hit_rates(index: KnowledgeIndex, qs: Sequence[Question], rank: Ranker) -> tuple[float, float]:
    answerable = [q for q in qs if q.slug is not None]
    article = passage = 0
    for q in answerable:
        top = rank(index, q)
        if top.article.slug == q.slug:
            article += 1
            passage += top.passage.position == q.passage
    return article / len(answerable), passage / len(answerable)


def threshold_table(index: KnowledgeIndex, qs: Sequence[Question]) -> list[str]:
    rows = ["| min score | answerable answered right | answered wrong | unanswerable refused |"]
    rows.append("|---|---|---|---|")
    answerable = [q for q in qs if q.slug is not None]
    unanswerable = [q for q in qs if q.slug is None]
    for threshold in (0.2, 0.22, MIN_SCORE, 0.26, 0.28, 0.3):
        right = wrong = refused = 0
        for q in answerable:
            top = index.search(q.text, locale=q.locale, limit=1)[0]
            if top.score >= threshold:
                right += top.article.slug == q.slug
                wrong += top.article.slug != q.slug
        for q in unanswerable:
            refused += index.search(q.text, locale=q.locale, limit=1)[0].score < threshold
        mark = " (default)" if threshold == MIN_SCORE else ""
        rows.append(
            f"| {threshold:.2f}{mark} | {right}/{len(answerable)} | {wrong} | "
            f"{refused}/{len(unanswerable)} |"
        )
    return rows


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument(
        "--chat", action="store_true", help="also ask each question in a chat with the demo shop"
    )
    args = parser.parse_args(argv)
    qs = questions(args.data)
    index = KnowledgeIndex(demo_articles(), embed=encode)
    answerable = sum(q.slug is not None for q in qs)
    print(
        f"{len(index.articles)} articles, {len(index)} passages; {len(qs)} questions "
        f"({answerable} answerable)\n"
    )
    print("| ranking | top-1 article | top-1 passage |")
    print("|---|---|---|")
    rankers: list[tuple[str, Ranker]] = [
        ("BM25 alone", by_mode("bm25")),
        ("embeddings alone", by_mode("embedding")),
        ("reciprocal-rank fusion", by_rrf),
        *((f"weighted sum, embedding weight {w}", by_weight(w)) for w in (0.5, 0.6, 0.7, 0.8, 0.9)),
        ("weighted sum 0.8, BM25 in every language", any_language),
    ]
    for name, rank in rankers:
        article, passage = hit_rates(index, qs, rank)
        print(f"| {name} | {article:.1%} | {passage:.1%} |")
    print()
    print("\n".join(threshold_table(index, qs)))
    if args.chat:
        print("\n| through the chat (demo shop) | questions |\n|---|---|")
        for name, count in sorted(asyncio.run(through_chat(qs)).items()):
            print(f"| {name} | {count} |")


async def through_chat(qs: Sequence[Question]) -> Counter[str]:
    """Each question as the first message of a chat with the demo shop (its store and policy):
    who answers it (the faq flow with the right or a wrong article, another flow, or the
    out-of-scope reply)."""
    from shopdesk.app import build_runtime, close_runtime
    from shopdesk.conversations.schemas import message_out
    from shopdesk.conversations.service import ConversationService
    from shopdesk.kit.db import transaction
    from shopdesk.nlu_models import load_pipeline
    from shopdesk.policy import parse_policy, read_policy_file
    from shopdesk.settings import Settings
    from shopdesk.store import generate_demo_store, import_document, parse_document

    titles: dict[str, set[str]] = {}
    for slug, versions in ARTICLES.items():
        titles[slug] = {title for title, _ in versions.values()}
    outcome: Counter[str] = Counter()
    with tempfile.TemporaryDirectory(prefix="shopdesk-faq-") as folder:
        settings = Settings(database_url=f"sqlite:///{folder}/faq.db")
        runtime = await build_runtime(settings, nlu=load_pipeline(settings))
        try:
            runtime.policy = parse_policy(read_policy_file(POLICY), str(POLICY))
            async with transaction(runtime.sessionmaker) as session:
                await import_document(session, parse_document(generate_demo_store()))
            service = ConversationService(runtime)
            for q in qs:
                conversation, token, _ = await service.create(
                    locale=q.locale, channel="bench", customer_token=None
                )
                turn = await service.receive(conversation.id, token, q.text, client_key="bench")
                messages = [message_out(m) for m in turn.replies]  # type: ignore[union-attr]
                intent = messages[0]["intent"] if messages else None
                text = "\n".join(m["text"] for m in messages)
                answerable = "answerable" if q.slug else "unanswerable"
                if intent == "faq":
                    right = q.slug is not None and any(t in text for t in titles[q.slug])
                    outcome[f"{answerable}: faq, {'right' if right else 'wrong'} article"] += 1
                elif intent == "out_of_scope":
                    outcome[f"{answerable}: out-of-scope reply"] += 1
                else:
                    outcome[f"{answerable}: another flow ({intent})"] += 1
        finally:
            await close_runtime(runtime)
    return outcome


if __name__ == "__main__":
    main()
