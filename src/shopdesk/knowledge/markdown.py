"""A knowledge-base article written as a markdown file (``FOLDER/<locale>/<slug>.md``).

The first ``# `` heading is the title; the rest is the body. An optional front matter block
(``---`` lines at the very top) may give ``url: https://...``, the article's page on the shop.
Problems are :class:`ArticleFileError` naming what is wrong, for the caller to name the file.
"""

from __future__ import annotations

import re
from typing import Final

from shopdesk.core.types import SUPPORTED_LOCALES
from shopdesk.knowledge.passages import Article

_SLUG: Final = re.compile(r"^[a-z0-9][a-z0-9_-]{0,199}$")
_TITLE: Final = re.compile(r"^#\s+(.+?)\s*#*\s*$")
_FRONT_KEY: Final = re.compile(r"^([a-z_]+)\s*:\s*(.*?)\s*$")


class ArticleFileError(ValueError):
    """What is wrong with one article file (the message does not name the file)."""


def check_locale(name: str) -> str:
    """A locale folder's name, which must be one of the supported locales."""
    if name not in SUPPORTED_LOCALES:
        wanted = ", ".join(SUPPORTED_LOCALES)
        raise ArticleFileError(f"folder {name!r} is not a supported locale ({wanted})")
    return name


def _front_matter(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    if not lines or lines[0].strip() != "---":
        return {}, lines
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---")
    except StopIteration:
        raise ArticleFileError("front matter opened with --- is never closed") from None
    fields: dict[str, str] = {}
    for number, line in enumerate(lines[1:end], start=2):
        if not line.strip():
            continue
        match = _FRONT_KEY.match(line)
        if match is None:
            raise ArticleFileError(f"line {number}: front matter lines are 'key: value'")
        fields[match.group(1)] = match.group(2).strip("\"'")
    return fields, lines[end + 1 :]


def parse_article(slug: str, locale: str, data: bytes) -> Article:
    """The article in ``data`` (a file's bytes); ArticleFileError says what is wrong."""
    if not _SLUG.match(slug):
        raise ArticleFileError(
            f"file name {slug!r} is not a slug (lower-case letters, digits, - and _)"
        )
    check_locale(locale)
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleFileError(f"not UTF-8 text (byte {exc.start})") from None
    fields, lines = _front_matter(text.replace("\r\n", "\n").split("\n"))
    unknown = sorted(set(fields) - {"url"})
    if unknown:
        raise ArticleFileError(f"unknown front matter key {unknown[0]!r} (only 'url')")
    url = fields.get("url") or None
    if url is not None and not url.startswith(("https://", "http://")):
        raise ArticleFileError(f"url {url!r} must start with https:// or http://")
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    title = _TITLE.match(lines[start].strip()) if start is not None else None
    if start is None or title is None:
        raise ArticleFileError("no title: the first line must be a '# ' heading")
    body = "\n".join(lines[start + 1 :]).strip()
    if not body:
        raise ArticleFileError("empty body: nothing after the title")
    return Article(slug=slug, locale=locale, title=title.group(1), body=body, url=url)
