"""Whole-document validation: field errors from pydantic, then checks across records.

Every problem is named by record (``orders[3] (number "A1004")``) and field, so the user can find
it in a file of 100,000 orders.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from shopdesk.core.orders import order_number_key
from shopdesk.store.errors import Issue, StoreImportError
from shopdesk.store.fields import shown
from shopdesk.store.schemas import StoreDocument

# The natural key of each kind, used to name a record in messages.
KEY_FIELDS: dict[str, tuple[str, ...]] = {
    "customers": ("email",),
    "products": ("sku",),
    "orders": ("number",),
    "articles": ("slug", "locale"),
}

_MESSAGES = {
    "missing": "required field is missing",
    "string_type": "must be a string",
    "int_type": "must be a whole number",
    "bool_type": "must be true or false",
    "list_type": "must be a list",
    "dict_type": "must be an object",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "extra_forbidden": "unknown field",
}


def record_label(kind: str, index: int, record: Any) -> str:
    """``orders[3] (number "A1004")``; just ``orders[3]`` when the key is not readable."""
    label = f"{kind}[{index}]"
    if isinstance(record, dict):
        keys = [f"{name} {shown(record[name])}" for name in KEY_FIELDS[kind] if name in record]
    elif isinstance(record, BaseModel):
        keys = [f"{name} {shown(getattr(record, name))}" for name in KEY_FIELDS[kind]]
    else:
        keys = []
    return f"{label} ({', '.join(keys)})" if keys else label


def _field_path(loc: Sequence[int | str]) -> str | None:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or None


def _message(error: ErrorDetails) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"must be at most {ctx.get('max_length')} characters"
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}, got {shown(error.get('input'))}"
    message = error["msg"]
    return message[:1].lower() + message[1:]


def _issue(raw: Any, error: ErrorDetails) -> Issue:
    loc = error["loc"]
    if len(loc) >= 2 and loc[0] in KEY_FIELDS and isinstance(loc[1], int):
        kind, index = str(loc[0]), loc[1]
        record = raw[kind][index] if isinstance(raw, dict) else None
        return Issue(record_label(kind, index, record), _field_path(loc[2:]), _message(error))
    return Issue("document", _field_path(loc), _message(error))


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic GC: building a million small objects otherwise triggers it over and over
    (more than half the validation time of a large file). The models hold no cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse_document(raw: Any) -> StoreDocument:
    """Validate decoded JSON; raise StoreImportError listing every problem found."""
    if not isinstance(raw, dict):
        raise StoreImportError(
            "document", None, "must be a JSON object with customers, products, orders, articles"
        )
    try:
        with no_gc():
            doc = StoreDocument.model_validate(raw)
            issues = check_document(doc)
    except ValidationError as exc:
        raise StoreImportError.from_issues([_issue(raw, e) for e in exc.errors()]) from None
    if issues:
        raise StoreImportError.from_issues(issues)
    return doc


def _duplicates(kind: str, records: Sequence[Any], field: str) -> list[Issue]:
    issues: list[Issue] = []
    first: dict[Any, int] = {}
    for index, record in enumerate(records):
        key = tuple(getattr(record, name) for name in KEY_FIELDS[kind])
        if key in first:
            label = record_label(kind, index, record)
            what = " and ".join(KEY_FIELDS[kind])
            issues.append(Issue(label, field, f"duplicate {what}: already in {kind}[{first[key]}]"))
        else:
            first[key] = index
    return issues


def check_document(doc: StoreDocument) -> list[Issue]:
    """Checks across records: duplicate natural keys and order numbers equal once canonicalized."""
    issues = _duplicates("customers", doc.customers, "email")
    issues += _duplicates("products", doc.products, "sku")
    issues += _duplicates("orders", doc.orders, "number")
    issues += _duplicates("articles", doc.articles, "slug")
    keys: dict[str, int] = {}
    for index, order in enumerate(doc.orders):
        key = order_number_key(order.number)
        label = record_label("orders", index, order)
        if not key:
            issues.append(Issue(label, "number", "order number must contain letters or digits"))
        elif key in keys and doc.orders[keys[key]].number != order.number:
            other = doc.orders[keys[key]].number
            issues.append(
                Issue(
                    label,
                    "number",
                    f"order number {shown(order.number)} is the same as {shown(other)} "
                    f"(orders[{keys[key]}]) once case and punctuation are ignored",
                )
            )
        keys.setdefault(key, index)
    return issues
