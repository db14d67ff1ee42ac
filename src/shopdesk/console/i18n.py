"""The console's own words in six languages (``locales/<lang>.yml``), picked per request."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml
from starlette.requests import Request

from shopdesk.core.types import DEFAULT_LOCALE, SUPPORTED_LOCALES


@cache
def catalog(locale: str) -> dict[str, str]:
    text = (resources.files("shopdesk.console") / "locales" / f"{locale}.yml").read_text("utf-8")
    data = yaml.safe_load(text)
    return {str(k): str(v) for k, v in data.items()}


def pick_locale(request: Request) -> str:
    """The first supported language of Accept-Language (quality order), else the default."""
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate(request.headers.get("accept-language", "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        weighted.append((-quality, index, tag.split("-", 1)[0].lower()))
    for _q, _i, lang in sorted(weighted):
        if lang in SUPPORTED_LOCALES:
            return lang
    return DEFAULT_LOCALE


class Translator:
    def __init__(self, locale: str) -> None:
        self.locale = locale
        self._words = catalog(locale)
        self._fallback = catalog(DEFAULT_LOCALE)

    def __call__(self, key: str, **values: object) -> str:
        text = self._words.get(key) or self._fallback.get(key) or key
        return text.format(**values) if values else text

    def reason(self, code: str | None) -> str:
        """A handoff reason code in words; a code this catalog does not know is shown as is."""
        if not code:
            return "–"
        return self._words.get(f"reason_{code}") or self._fallback.get(f"reason_{code}") or code

    def all(self) -> dict[str, str]:
        return {**self._fallback, **self._words}
