"""Articles cut into passages: the unit that is searched and quoted.

A passage is one paragraph (a block of lines between blank lines: a list stays whole) under the
nearest heading. A heading, or a paragraph that is only bold text ("**Delivery after dispatch**"),
is not a passage of its own: it is joined to the paragraph that follows, since a quote that ends
at a heading says nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Final

_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_BOLD_ONLY = re.compile(r"^\*\*(.+?)\*\*:?$")
_EMPHASIS = re.compile(r"(\*\*|__|\*)(.+?)\1")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
# Very long paragraphs are cut at sentence ends near this length: a quote should fit a chat bubble.
MAX_PASSAGE_CHARS: Final = 700


@dataclass(frozen=True)
class Article:
    """A knowledge-base article as the index sees it (the ``articles`` table, or a file)."""

    slug: str
    locale: str
    title: str
    body: str
    url: str | None = None


@dataclass(frozen=True)
class Passage:
    article: Article
    section: str | None  # the heading above it, if any
    text: str  # plain text as quoted: emphasis marks gone, list markers kept
    position: int = field(default=0)  # order within the article

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.article.slug, self.article.locale, self.position)


def plain(markdown: str) -> str:
    """Markdown emphasis and links as plain text ("[our form](https://x)" -> "our form (https://x)")."""
    text = _LINK.sub(r"\1 (\2)", markdown)
    return _EMPHASIS.sub(r"\2", text).strip()


def _blocks(body: str) -> Iterator[list[str]]:
    block: list[str] = []
    for line in body.replace("\r\n", "\n").split("\n"):
        if line.strip():
            block.append(line.rstrip())
        elif block:
            yield block
            block = []
    if block:
        yield block


def _split_long(text: str) -> list[str]:
    if len(text) <= MAX_PASSAGE_CHARS:
        return [text]
    parts: list[str] = []
    current = ""
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if current and len(current) + 1 + len(sentence) > MAX_PASSAGE_CHARS:
            parts.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}".strip()
    if current:
        parts.append(current)
    return parts


def split_article(article: Article) -> list[Passage]:
    """The passages of ``article`` in reading order (one, holding the title, if the body is
    empty)."""
    section: str | None = None
    lead: list[str] = []  # bold-only lines waiting for their paragraph
    texts: list[tuple[str | None, str]] = []
    for block in _blocks(article.body):
        heading = _HEADING.match(block[0])
        if heading:
            section, lead = plain(heading.group(1)), []
            block = block[1:]
            if not block:
                continue
        bold = _BOLD_ONLY.match(block[0].strip()) if len(block) == 1 else None
        if bold:
            lead.append(plain(bold.group(1)))
            continue
        text = "\n".join(plain(line) for line in block)
        if lead:
            text = "\n".join([*lead, text])
            lead = []
        texts += [(section, part) for part in _split_long(text)]
    if lead:
        texts.append((section, "\n".join(lead)))
    if not texts:
        texts.append((None, article.title))
    return [Passage(article, sec, text, i) for i, (sec, text) in enumerate(texts)]


def split_articles(articles: Sequence[Article]) -> list[Passage]:
    return [p for a in articles for p in split_article(a)]
