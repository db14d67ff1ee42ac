"""Message catalogs: YAML files per locale (``<locale>.yml`` plus ``<flow>.<locale>.yml``).

A catalog is flattened to dotted keys ("ask_email.with_number") mapping to ``str.format``
templates. Every locale has the same keys and, per key, the same placeholders (tested), so the
composer can fill any template from the same facts whatever the language.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from types import MappingProxyType

import yaml

from shopdesk.core.types import DEFAULT_LOCALE, SUPPORTED_LOCALES, Intent, normalize_locale

# Which intent each quick-reply label stands for when the shopper taps it.
LABEL_INTENTS: Mapping[str, Intent] = MappingProxyType(
    {
        "track_order": Intent.TRACK_ORDER,
        "track_another_order": Intent.TRACK_ORDER,
        "talk_to_person": Intent.CONTACT_HUMAN_AGENT,
    }
)

# French sets ! ? : ; apart with a narrow no-break space; authors type a plain space and we fix
# it here, on templates only, so URLs and other data are never touched.
_FRENCH_SPACE = re.compile(r" ([!?:;])")


def resolve_locale(locale: str | None) -> str:
    """The supported locale to answer in: "es-ES" -> "es", anything unknown -> "en"."""
    return normalize_locale(locale) or DEFAULT_LOCALE


def _flatten(node: object, prefix: str, out: dict[str, str]) -> None:
    if isinstance(node, str):
        out[prefix] = node
    elif isinstance(node, dict):
        for key, value in node.items():
            _flatten(value, f"{prefix}.{key}" if prefix else str(key), out)
    else:
        raise TypeError(f"catalog entry {prefix!r} must be text or a mapping, not {node!r}")


@lru_cache(maxsize=len(SUPPORTED_LOCALES))
def catalog(locale: str) -> Mapping[str, str]:
    """All templates of a supported locale, by dotted key."""
    if locale not in SUPPORTED_LOCALES:
        raise KeyError(f"no catalog for locale {locale!r}")
    folder = resources.files(__package__).joinpath("catalogs")
    entries: dict[str, str] = {}
    _flatten(yaml.safe_load(folder.joinpath(f"{locale}.yml").read_text("utf-8")), "", entries)
    # One more file per self-service flow, "<flow>.<locale>.yml", so that each flow's wording
    # sits together; a key defined twice is a mistake, not an override.
    suffix = f".{locale}.yml"
    for extra in sorted((f for f in folder.iterdir() if f.name.endswith(suffix)), key=str):
        more: dict[str, str] = {}
        _flatten(yaml.safe_load(extra.read_text("utf-8")), "", more)
        twice = sorted(set(more) & set(entries))
        if twice:
            raise ValueError(f"catalogs/{extra.name} redefines {', '.join(twice)}")
        entries.update(more)
    if locale == "fr":
        entries = {k: _FRENCH_SPACE.sub("\u202f\\1", v) for k, v in entries.items()}
    return MappingProxyType(entries)


def message(locale: str, key: str, **params: object) -> str:
    """The template ``key`` of ``locale`` filled with ``params`` (extra params are ignored)."""
    return catalog(locale)[key].format_map(params)


def placeholders(template: str) -> frozenset[str]:
    """Names a template fills in, e.g. {"order_number", "placed_on"}."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


def label(locale: str, name: str) -> str:
    """A quick-reply label ("track_order", "talk_to_person", ...) in ``locale``."""
    return catalog(locale)[f"labels.{name}"]


def quick_reply_intents() -> dict[str, Intent]:
    """Every quick-reply label in every locale -> the intent it asks for.

    The NLU can treat an exact match as a certain intent (or train on these phrases), so tapping
    a button never depends on a classifier's guess.
    """
    return {
        label(locale, name): intent
        for locale in SUPPORTED_LOCALES
        for name, intent in LABEL_INTENTS.items()
    }
