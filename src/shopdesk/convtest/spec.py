"""The YAML format of conversation tests.

```yaml
store: shop.json            # optional: a store file (import format), relative to this file
conversations:
  - name: a shopper tracks a shipped order in Spanish
    locale: es              # optional: the conversation's starting locale
    turns:
      - say: "¿Dónde está mi pedido?"
        expect:
          intent: track_order
          locale: es
          state: bot
          text_contains: ["pedido"]
      - say: "HX1148 ana.ruiz@example.com"
        expect:
          text_contains: ["81559877303"]
          text_not_contains: ["Calle"]
          card: {status: shipped, carrier: GLS}
```
Every expectation is optional; ``card: null`` expects no card.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

_UNSET: Any = object()


class Expect(BaseModel):
    model_config = ConfigDict(extra="forbid")

    intent: str | None = None
    locale: str | None = None
    state: str | None = None
    text_contains: list[str] = []
    text_not_contains: list[str] = []
    card: dict[str, Any] | None = Field(default=_UNSET)
    replies: int | None = Field(default=None, ge=0, description="number of bot messages")

    def wants_card(self) -> bool:
        return self.card is not _UNSET


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    say: str = Field(min_length=1, max_length=2000)
    expect: Expect = Expect()


class Conversation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    locale: str | None = None
    turns: list[Turn] = Field(min_length=1)


class ScriptFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    store: str | None = None
    conversations: list[Conversation] = Field(min_length=1)
    path: Path | None = Field(default=None, exclude=True)

    def store_path(self) -> Path | None:
        if self.store is None:
            return None
        base = self.path.parent if self.path else Path()
        return (base / self.store).resolve()


class ScriptError(ValueError):
    """A conversation test file that cannot be used, with the place at fault."""


def load_script_file(path: Path) -> ScriptFile:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScriptError(f"{path}: cannot read the file ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise ScriptError(f"{path}: not valid YAML: {exc}") from exc
    try:
        script = ScriptFile.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ScriptError(f"{path}: {where}: {first['msg']}") from exc
    return script.model_copy(update={"path": path})
