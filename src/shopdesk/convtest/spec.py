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

A file may run under a shop policy other than the default (``shopdesk.core.policy``): ``policy:``
names a policy YAML (relative to the file) or gives the policy inline, and a conversation's own
``policy:`` (inline) is laid over it for that conversation only::

```yaml
policy: strict-shop.yml           # or inline: {returns: {window_days: 14}}
conversations:
  - name: a shop that forbids changes in the chat
    policy: {order_changes: {allow_decrease: false}}
    turns: [...]
```
Both are checked when the file is loaded, by the same rules as ``shopdesk serve``: an error
names the file and the exact key at fault.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from shopdesk.policy import PolicyError, parse_policy, read_policy_file

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
    # A factory: a shared default would be copied, and its "no card expectation" marker with it.
    expect: Expect = Field(default_factory=Expect)


class Conversation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    locale: str | None = None
    policy: dict[str, Any] | None = None
    """Inline policy laid over the file's for this conversation only."""
    turns: list[Turn] = Field(min_length=1)


class ScriptFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    store: str | None = None
    policy: str | dict[str, Any] | None = None
    """A policy YAML (relative to this file), or the policy inline."""
    conversations: list[Conversation] = Field(min_length=1)
    path: Path | None = Field(default=None, exclude=True)
    # Filled by load_script_file: the file's policy as data (read from its file if named).
    policy_data: dict[str, Any] | None = Field(default=None, exclude=True)

    def policy_for(self, index: int) -> dict[str, Any] | None:
        """The policy data conversation ``index`` runs under; None: the runtime's own."""
        own = self.conversations[index].policy
        if own is None and self.policy_data is None:
            return None
        return merged(self.policy_data or {}, own or {})

    def store_path(self) -> Path | None:
        if self.store is None:
            return None
        base = self.path.parent if self.path else Path()
        return (base / self.store).resolve()


def merged(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``over`` laid on ``base``: mappings merge key by key, anything else replaces."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = value
    return out


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
    return _with_policies(script.model_copy(update={"path": path}), path)


def _with_policies(script: ScriptFile, path: Path) -> ScriptFile:
    """Check the file's and each conversation's policy now, so a typo fails before any run."""
    base: dict[str, Any] | None = None
    try:
        if isinstance(script.policy, str):
            base = read_policy_file((path.parent / script.policy).resolve())
            parse_policy(dict(base), f"policy ({script.policy})")
        elif script.policy is not None:
            base = dict(script.policy)
            parse_policy(dict(base), "policy")
        for number, conversation in enumerate(script.conversations):
            if conversation.policy is not None:
                data = merged(base or {}, conversation.policy)
                parse_policy(data, f"conversations.{number}.policy")
    except PolicyError as exc:
        raise ScriptError(f"{path}: {exc}") from None
    return script.model_copy(update={"policy_data": base})
