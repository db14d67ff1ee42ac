"""The one error the store import raises, naming the record and field at fault."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Issue:
    """One problem in an import document.

    ``record`` names the record: ``orders[3] (number "A1004")``, or ``document`` for the top level.
    ``field`` is the path inside it, like ``shipments[0].estimated_delivery``; None for the record.
    """

    record: str
    field: str | None
    message: str

    def __str__(self) -> str:
        if self.field:
            return f"{self.record}: field {self.field}: {self.message}"
        return f"{self.record}: {self.message}"


class StoreImportError(Exception):
    """The document cannot be imported; nothing was written.

    ``str()`` is the first problem on one line; ``issues`` holds every problem found, so a CLI can
    list them all at once instead of making the user fix them one run at a time.
    """

    def __init__(self, record: str, field: str | None, message: str) -> None:
        self.record = record
        self.field = field
        self.message = message
        self.issues: tuple[Issue, ...] = (Issue(record, field, message),)
        super().__init__(str(self.issues[0]))

    @classmethod
    def from_issues(cls, issues: Sequence[Issue]) -> StoreImportError:
        first = issues[0]
        error = cls(first.record, first.field, first.message)
        error.issues = tuple(issues)
        return error

    def __str__(self) -> str:
        return str(self.issues[0])
