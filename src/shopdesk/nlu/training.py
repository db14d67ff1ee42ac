"""Training examples: hand-written sentences plus our own paraphrase templates, per language.

``data/<lang>.yml`` holds ``slots`` (lists of interchangeable phrases) and, per intent,
``examples`` (used as written) and ``templates`` ("{hi}where is {my} {order}"), both as block
text with one sentence per line (no YAML quoting to get wrong). A template expands to at most
``per_template`` sentences (per file, overridable per intent), picked from the product of its
slots with a seeded generator, so a build always trains on the same data. ``{num}`` and
``{email}`` take generated order numbers and e-mails: they are replaced by placeholders before
training, exactly as in a customer's message.

Request frames multiply the ways one request is put. A file's ``frames`` hold sentence frames per
grammatical form of an action: ``vp`` (a bare verb phrase: "i don't know how to {vp}"), ``ing``
(a gerund: "can you help me {ing}?") and ``np`` (a noun phrase: "problem with {np}"). An intent's
``vp``/``ing``/``np`` blocks list its actions in that form ("cancel {my} order", "cancelling
{my} order", "order cancellation"); each action is put into ``per_action`` frames of its form,
drawn with the seeded generator, and slots in actions expand as in templates. Further files
``data/<lang>.<name>.yml`` add examples, templates or frames to a language; they may use the
slots of the main file.
"""

from __future__ import annotations

import hashlib
import itertools
import random
import re
import zlib
from collections.abc import Iterable, Iterator
from importlib import resources
from typing import Any, Final, NamedTuple

import yaml

from shopdesk.core.types import SUPPORTED_LOCALES

DEFAULT_PER_TEMPLATE: Final = 6
DEFAULT_PER_ACTION: Final = 8
_FORMS: Final = ("vp", "ing", "np")
# Shapes shoppers type order numbers in; all of them become the same placeholder.
_ORDER_NUMBERS: Final = (
    "HX4417", "#1001", "A1001", "#A-2093", "hx 5521", "10023", "BR-77812", "#88341", "SO123456",
    "4417", "#hx4417", "ES-20931", "1002", "#5512", "W00321", "ord-88123",
)  # fmt: skip
_EMAILS: Final = ("ana.garcia@gmail.com", "j.smith@outlook.com", "marie78@orange.fr", "kk@web.de")
_SLOT: Final = re.compile(r"\{(\w+)\}")
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Example(NamedTuple):
    text: str
    intent: str
    language: str


def load_examples(languages: tuple[str, ...] = SUPPORTED_LOCALES) -> list[Example]:
    """The training examples of the given languages, in a stable order."""
    out: list[Example] = []
    data = resources.files("shopdesk.nlu").joinpath("data")
    for lang in languages:
        main_name = f"{lang}.yml"
        main = _read_spec(data.joinpath(main_name).read_text("utf-8"))
        out.extend(Example(t, intent, lang) for t, intent in expand(main, seed=lang))
        extras = sorted(
            (
                f
                for f in data.iterdir()
                if f.name.startswith(f"{lang}.") and f.name != f"{lang}.yml"
            ),
            key=lambda f: f.name,
        )
        for extra in extras:
            spec = _read_spec(extra.read_text("utf-8"))
            spec["slots"] = {**main["slots"], **(spec.get("slots") or {})}
            out.extend(Example(t, intent, lang) for t, intent in expand(spec, seed=extra.name))
    return out


def _read_spec(text: str) -> dict[str, Any]:
    spec: dict[str, Any] = yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    return spec


def examples_hash(examples: Iterable[tuple[str, str, str | None]]) -> str:
    """A fingerprint (sha256 hex) of (text, intent, language) examples, in their order."""
    digest = hashlib.sha256()
    for text, intent, language in examples:
        digest.update(f"{language or ''}\x1f{intent}\x1f{text}\x1e".encode())
    return digest.hexdigest()


def expand(spec: dict[str, Any], *, seed: str = "") -> Iterator[tuple[str, str]]:
    """The (text, intent) pairs of one language file."""
    slots: dict[str, list[str]] = {
        k: [str(v) for v in vs] for k, vs in (spec.get("slots") or {}).items()
    }
    frames: dict[str, list[str]] = {
        form: _lines(block) for form, block in (spec.get("frames") or {}).items()
    }
    file_limit = int(spec.get("per_template", DEFAULT_PER_TEMPLATE))
    per_action = int(spec.get("per_action", DEFAULT_PER_ACTION))
    for intent, body in spec["intents"].items():
        limit = int(body.get("per_template", file_limit))
        for form in _FORMS:
            for action in _lines(body.get(form)):
                rng = _rng(seed, f"{form}|{action}")
                for text in _in_frames(action, frames.get(form, []), form, slots, per_action, rng):
                    yield _fill_specials(text, rng), intent
        for example in _lines(body.get("examples")):
            yield _fill_specials(example, _rng(seed, example)), intent
        for template in _lines(body.get("templates")):
            rng = _rng(seed, template)
            for text in _expand_template(template, slots, limit, rng):
                yield _fill_specials(text, rng), intent


def _in_frames(
    action: str,
    frames: list[str],
    form: str,
    slots: dict[str, list[str]],
    count: int,
    rng: random.Random,
) -> list[str]:
    """``action`` (its slots filled) put into ``count`` frames of its grammatical form."""
    if not frames:
        raise ValueError(f"an intent has {form!r} actions but the file has no {form!r} frames")
    picked = rng.sample(frames, min(count, len(frames)))
    fillings = _expand_template(action, slots, len(picked), rng)
    out = []
    for i, frame in enumerate(picked):
        sentence = frame.replace("{" + form + "}", fillings[i % len(fillings)])
        out.append(_expand_template(sentence, slots, 1, rng)[0])  # the frame's own slots
    return out


def _lines(block: Any) -> list[str]:
    if block is None:
        return []
    if isinstance(block, str):
        return [line.strip() for line in block.splitlines() if line.strip()]
    return [str(item).strip() for item in block]


def _rng(seed: str, text: str) -> random.Random:
    # zlib.crc32, not hash(): str hashes change from run to run.
    return random.Random(zlib.crc32(f"{seed}|{text}".encode()))


def _expand_template(
    template: str, slots: dict[str, list[str]], limit: int, rng: random.Random
) -> list[str]:
    names = [n for n in _SLOT.findall(template) if n not in ("num", "email")]
    choices = [slots[n] for n in names]
    total = 1
    for c in choices:
        total *= len(c)
    if total <= limit:
        combos = list(itertools.product(*choices))
    else:
        # Slots repeat values on purpose (three "" make "no greeting" likelier), so draw rather
        # than enumerate, with a bound in case there are fewer distinct sentences than wanted.
        seen: set[tuple[str, ...]] = set()
        for _ in range(limit * 50):
            seen.add(tuple(rng.choice(c) for c in choices))
            if len(seen) == limit:
                break
        combos = sorted(seen)
    return [_substitute(template, dict(zip(names, combo, strict=True))) for combo in combos]


def _substitute(template: str, values: dict[str, str]) -> str:
    text = _SLOT.sub(lambda m: values.get(m.group(1), m.group()), template)
    return " ".join(text.split())


def _fill_specials(text: str, rng: random.Random) -> str:
    text = text.replace("{num}", rng.choice(_ORDER_NUMBERS)) if "{num}" in text else text
    return text.replace("{email}", rng.choice(_EMAILS)) if "{email}" in text else text
