"""An article file: title from the first '# ' heading, optional url front matter, clear errors."""

from __future__ import annotations

import pytest

from shopdesk.knowledge.markdown import ArticleFileError, check_locale, parse_article


def test_title_body_and_url() -> None:
    text = "---\nurl: https://shop.example/help/returns\n---\n\n# Returns\n\nWithin **30 days**.\n"
    article = parse_article("returns", "en", text.encode())
    assert (article.title, article.body) == ("Returns", "Within **30 days**.")
    assert article.url == "https://shop.example/help/returns"


def test_a_bom_is_tolerated() -> None:
    assert parse_article("a", "de", "\ufeff# Titel\n\nText".encode()).title == "Titel"


@pytest.mark.parametrize(
    ("slug", "locale", "data", "problem"),
    [
        ("a", "en", b"Just text\n", "no title"),
        ("a", "en", b"# Title\n\n  \n", "empty body"),
        ("a", "es", "# Envíos\n\nTexto".encode("latin-1"), "not UTF-8"),
        ("a", "english", b"# T\n\nx", "not a supported locale"),
        ("Bad Name", "en", b"# T\n\nx", "not a slug"),
        ("a", "en", b"---\nurl: ftp://x\n---\n# T\n\nx", "must start with https://"),
        ("a", "en", b"---\nauthor: me\n---\n# T\n\nx", "unknown front matter key"),
        ("a", "en", b"---\nurl: https://x\n# T\n\nx", "never closed"),
    ],
)
def test_problems_are_named(slug: str, locale: str, data: bytes, problem: str) -> None:
    with pytest.raises(ArticleFileError, match=problem):
        parse_article(slug, locale, data)


def test_locale_folders() -> None:
    assert check_locale("pt") == "pt"
    with pytest.raises(ArticleFileError, match="en, es, fr, de, pt, it"):
        check_locale("xx")
