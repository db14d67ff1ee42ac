"""A shop's own training (or test) examples: parsing YAML, CSV and JSONL files.

Pure: takes the file's text and its name (for messages and to tell the format by the suffix);
the command line reads the file. Formats:

- ``.yml``/``.yaml``: our own format (see :mod:`shopdesk.nlu.training`): an optional
  ``language``, ``slots`` and ``per_template``, and ``intents``, each with ``examples`` and/or
  ``templates`` as block text, one sentence per line. ``intent_name: |`` followed by sentences
  is short for ``examples``.
- ``.csv`` (or ``.tsv``): a header row with a ``text`` (or ``utterance``) column and an
  ``intent`` column; an optional ``language`` column. Other columns are ignored. Comma,
  semicolon and tab separators are recognised.
- ``.jsonl``: one JSON object per line with the same keys.

Every error is a :class:`TrainingDataError` naming the file, the line (and the CSV row) and the
field.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from typing import Any, Final, NamedTuple

import yaml

from shopdesk.core.types import SUPPORTED_LOCALES, normalize_locale
from shopdesk.nlu.training import DEFAULT_PER_TEMPLATE, expand

# Intent names are stored with each message (64 characters) and compared with the built-in
# names, which are lower-case: "Track Order" would silently be a new intent.
INTENT_NAME: Final = re.compile(r"[a-z][a-z0-9_]{0,63}")
TEXT_COLUMNS: Final = ("text", "utterance")
LANGUAGE_COLUMNS: Final = ("language", "lang", "locale")
_SLOT: Final = re.compile(r"\{(\w+)\}")
_SPECIAL_SLOTS: Final = frozenset({"num", "email"})
_MAX_PER_TEMPLATE: Final = 1000
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LabelledExample(NamedTuple):
    """One example: a text, its intent and, when the file says, its language."""

    text: str
    intent: str
    language: str | None = None


class TrainingDataError(ValueError):
    """A file that cannot be used; the message names the file, the line/row and the field."""

    def __init__(
        self,
        source: str,
        problem: str,
        *,
        line: int | None = None,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        self.source, self.problem, self.line, self.row, self.field = (
            source,
            problem,
            line,
            row,
            field,
        )
        where = [source]
        if line is not None:
            where.append(f"line {line}")
        if row is not None:
            where.append(f"row {row}")
        if field is not None:
            where.append(f"field {field!r}")
        super().__init__(", ".join(where) + ": " + problem)


def file_format(name: str) -> str:
    """ "yaml", "csv", "tsv" or "jsonl", from the file name's suffix."""
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    formats = {"yml": "yaml", "yaml": "yaml", "csv": "csv", "tsv": "tsv", "jsonl": "jsonl"}
    formats["ndjson"] = "jsonl"
    if suffix not in formats:
        raise TrainingDataError(
            name, "unknown file type: use .yml/.yaml, .csv, .tsv or .jsonl (by the name's end)"
        )
    return formats[suffix]


def parse_examples(text: str, name: str, *, allow_templates: bool = True) -> list[LabelledExample]:
    """The examples in a file's ``text``; ``name`` (a file name) tells the format.

    ``allow_templates=False`` refuses YAML (a test set must be written out, not generated).
    """
    kind = file_format(name)
    text = text.removeprefix("\ufeff")
    if kind == "yaml":
        if not allow_templates:
            raise TrainingDataError(name, "a test set must be a .csv, .tsv or .jsonl file")
        found = parse_yaml(text, name)
    elif kind == "jsonl":
        found = parse_jsonl(text, name)
    else:
        found = parse_csv(text, name, delimiter="\t" if kind == "tsv" else None)
    if not found:
        raise TrainingDataError(name, "no examples in the file")
    return found


def parse_csv(text: str, name: str, *, delimiter: str | None = None) -> list[LabelledExample]:
    """Rows of a CSV file with a header; ``delimiter`` None guesses among , ; and tab."""
    lines = text.splitlines(keepends=True)
    if not lines or not lines[0].strip():
        raise TrainingDataError(name, "no header row (text,intent)", line=1)
    if delimiter is None:
        header_line = lines[0]
        delimiter = (
            max(",;\t", key=header_line.count) if any(c in header_line for c in ",;\t") else ","
        )
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except csv.Error as exc:
        raise TrainingDataError(name, f"unreadable header: {exc}", line=1) from None
    text_col = _column(header, TEXT_COLUMNS)
    intent_col = _column(header, ("intent",))
    lang_col = _column(header, LANGUAGE_COLUMNS)
    if text_col is None or intent_col is None:
        missing = "'text' (or 'utterance')" if text_col is None else "'intent'"
        raise TrainingDataError(
            name, f"the header has no {missing} column (found: {', '.join(header)})", line=1
        )
    out: list[LabelledExample] = []
    row = 0
    while True:
        line = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise TrainingDataError(name, f"unreadable CSV: {exc}", line=line) from None
        if not any(v.strip() for v in values):
            continue  # blank line
        row += 1
        if len(values) < len(header):
            raise TrainingDataError(
                name,
                f"{len(values)} field(s), the header has {len(header)}",
                line=line,
                row=row,
            )
        out.append(
            _example(
                name,
                values[text_col],
                values[intent_col],
                values[lang_col] if lang_col is not None else None,
                fields=(header[text_col], "intent", "" if lang_col is None else header[lang_col]),
                line=line,
                row=row,
            )
        )
    return out


def parse_jsonl(text: str, name: str) -> list[LabelledExample]:
    """One JSON object per line: ``{"text": ..., "intent": ..., "language": ...}``."""
    out: list[LabelledExample] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TrainingDataError(name, f"not valid JSON ({exc.msg})", line=number) from None
        if not isinstance(obj, dict):
            raise TrainingDataError(name, "not a JSON object", line=number)
        text_key = next((k for k in TEXT_COLUMNS if k in obj), "text")
        lang_key = next((k for k in LANGUAGE_COLUMNS if k in obj), "language")
        for key in (text_key, "intent"):
            if key not in obj:
                raise TrainingDataError(name, "missing", line=number, field=key)
            if not isinstance(obj[key], str):
                raise TrainingDataError(name, "must be a string", line=number, field=key)
        language = obj.get(lang_key)
        if language is not None and not isinstance(language, str):
            raise TrainingDataError(name, "must be a string", line=number, field=lang_key)
        out.append(
            _example(
                name,
                obj[text_key],
                obj["intent"],
                language,
                fields=(text_key, "intent", lang_key),
                line=number,
            )
        )
    return out


def parse_yaml(text: str, name: str) -> list[LabelledExample]:
    """A file in our own training-data format (see the module's docstring)."""
    try:
        node = yaml.compose(text, Loader=_Loader)
        spec = yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise TrainingDataError(name, f"not valid YAML ({exc.problem})", line=line) from None
    except yaml.YAMLError as exc:
        raise TrainingDataError(name, f"not valid YAML ({exc})") from None
    lines = _LineMap(node)
    if not isinstance(spec, dict):
        raise TrainingDataError(name, "expected a mapping with an 'intents' key", line=1)
    unknown = set(spec) - {"language", "slots", "per_template", "intents"}
    if unknown:
        key = sorted(map(str, unknown))[0]
        raise TrainingDataError(
            name,
            "unknown key (expected language, slots, per_template, intents)",
            line=lines.at(key),
            field=key,
        )
    language = _yaml_language(spec.get("language"), name, lines)
    slots = _yaml_slots(spec.get("slots"), name, lines)
    file_limit = _per_template(spec.get("per_template", DEFAULT_PER_TEMPLATE), name, lines, ())
    intents = spec.get("intents")
    if not isinstance(intents, dict) or not intents:
        raise TrainingDataError(
            name,
            "'intents' must map intent names to examples/templates",
            line=lines.at("intents") or 1,
            field="intents",
        )
    bodies: dict[str, dict[str, Any]] = {}
    for intent, body in intents.items():
        path: tuple[str, ...] = ("intents", str(intent))
        field = f"intents.{intent}"
        _check_intent(str(intent), name, line=lines.at(*path), field=field)
        if isinstance(body, str | list):
            body = {"examples": body}
        if not isinstance(body, dict):
            raise TrainingDataError(
                name,
                "expected examples and/or templates",
                line=lines.at(*path),
                field=field,
            )
        extra = set(body) - {"examples", "templates", "per_template"}
        if extra:
            key = sorted(map(str, extra))[0]
            raise TrainingDataError(
                name,
                "unknown key (expected examples, templates, per_template)",
                line=lines.at(*path, key),
                field=f"{field}.{key}",
            )
        for key in ("examples", "templates"):
            for number, sentence in _block_lines(body.get(key), name, lines, (*path, key)):
                if key == "templates":
                    for slot in _SLOT.findall(sentence):
                        if slot not in slots and slot not in _SPECIAL_SLOTS:
                            raise TrainingDataError(
                                name,
                                f"unknown slot {{{slot}}} in {sentence!r}",
                                line=number,
                                field=f"{field}.templates",
                            )
        if "per_template" in body:
            _per_template(body["per_template"], name, lines, path)
        bodies[str(intent)] = body
    found = expand(
        {"slots": slots, "per_template": file_limit, "intents": bodies}, seed=language or ""
    )
    return [LabelledExample(" ".join(t.split()), i, language) for t, i in found if t.strip()]


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    return next((header.index(n) for n in names if n in header), None)


def _check_intent(intent: str, source: str, **where: Any) -> str:
    if not intent.strip():
        raise TrainingDataError(source, "the intent is empty", **where)
    if not INTENT_NAME.fullmatch(intent.strip()):
        raise TrainingDataError(
            source,
            f"bad intent name {intent!r}: use lower-case letters, digits and _ "
            "(like track_order), at most 64 characters",
            **where,
        )
    return intent.strip()


def _example(
    source: str,
    text: str,
    intent: str,
    language: str | None,
    *,
    fields: tuple[str, str, str],
    line: int,
    row: int | None = None,
) -> LabelledExample:
    text_field, intent_field, lang_field = fields
    if not text.strip():
        raise TrainingDataError(source, "the text is empty", line=line, row=row, field=text_field)
    intent = _check_intent(intent, source, line=line, row=row, field=intent_field)
    locale = None
    if language is not None and language.strip():
        locale = normalize_locale(language)
        if locale is None:
            raise TrainingDataError(
                source,
                f"language {language!r} is not one of {', '.join(SUPPORTED_LOCALES)}",
                line=line,
                row=row,
                field=lang_field,
            )
    return LabelledExample(" ".join(text.split()), intent, locale)


def _yaml_language(value: Any, name: str, lines: _LineMap) -> str | None:
    if value is None:
        return None
    locale = normalize_locale(str(value))
    if locale is None:
        raise TrainingDataError(
            name,
            f"language {value!r} is not one of {', '.join(SUPPORTED_LOCALES)}",
            line=lines.at("language"),
            field="language",
        )
    return locale


def _yaml_slots(value: Any, name: str, lines: _LineMap) -> dict[str, list[str]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise TrainingDataError(
            name, "expected slot names with lists of phrases", line=lines.at("slots"), field="slots"
        )
    slots: dict[str, list[str]] = {}
    for slot, phrases in value.items():
        if not isinstance(phrases, list) or not phrases:
            raise TrainingDataError(
                name,
                "expected a non-empty list of phrases",
                line=lines.at("slots", str(slot)),
                field=f"slots.{slot}",
            )
        slots[str(slot)] = ["" if p is None else str(p) for p in phrases]
    return slots


def _per_template(value: Any, name: str, lines: _LineMap, path: tuple[str, ...]) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= _MAX_PER_TEMPLATE:
        raise TrainingDataError(
            name,
            f"expected a whole number from 1 to {_MAX_PER_TEMPLATE}",
            line=lines.at(*path, "per_template"),
            field=".".join((*path, "per_template")),
        )
    return value


def _block_lines(
    block: Any, name: str, lines: _LineMap, path: tuple[str, ...]
) -> Iterator[tuple[int | None, str]]:
    """(line number, sentence) of an examples/templates block (block text or a list)."""
    if block is None:
        return
    start = lines.at(*path)
    if isinstance(block, str):
        # A "|" block starts on the line after its key; a plain one-liner is on the key's line.
        offset = 1 if lines.is_block(*path) else 0
        for i, raw in enumerate(block.splitlines()):
            if raw.strip():
                yield (start + offset + i if start else None), raw.strip()
        return
    if not isinstance(block, list):
        raise TrainingDataError(
            name, "expected block text or a list of sentences", line=start, field=".".join(path)
        )
    for i, item in enumerate(block):
        if not isinstance(item, str | int | float):
            raise TrainingDataError(
                name, "expected a sentence", line=lines.at(*path, str(i)), field=".".join(path)
            )
        if str(item).strip():
            yield lines.at(*path, str(i)), str(item).strip()


class _LineMap:
    """1-based line numbers of the keys and items of a composed YAML document."""

    def __init__(self, node: yaml.Node | None) -> None:
        self._lines: dict[tuple[str, ...], int] = {}
        self._blocks: set[tuple[str, ...]] = set()
        if node is not None:
            self._walk(node, ())

    def _walk(self, node: yaml.Node, path: tuple[str, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                sub = (*path, str(key.value))
                self._lines[sub] = key.start_mark.line + 1
                self._walk(value, sub)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self._lines[(*path, str(i))] = item.start_mark.line + 1
                self._walk(item, (*path, str(i)))
        elif isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
            self._blocks.add(path)

    def at(self, *path: str) -> int | None:
        return self._lines.get(path)

    def is_block(self, *path: str) -> bool:
        return path in self._blocks
