"""The test shop: one order in every status, plus edge cases (tests/conversations/test-store.json).

The same file serves the Python suites and the YAML conversation tests that `shopdesk test`
runs, so there is one source of truth for what the test shop holds.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

STORE_FILE = Path(__file__).resolve().parent.parent / "conversations" / "test-store.json"
STATUSES = [
    "pending", "paid", "processing", "shipped", "out_for_delivery", "delivered",
    "cancelled", "returned", "refunded", "on_hold", "payment_failed",
]  # fmt: skip
LOCALES = ["en", "es", "fr", "de", "pt", "it"]


@cache
def _document() -> dict[str, Any]:
    return json.loads(STORE_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def store_document() -> dict[str, Any]:
    """A fresh copy: tests may change it."""
    return copy.deepcopy(_document())


def order_by_status(status: str) -> dict[str, Any]:
    return copy.deepcopy(next(o for o in _document()["orders"] if o["status"] == status))
