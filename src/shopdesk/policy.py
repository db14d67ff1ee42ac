"""Reading the shop's policy file. Errors name the file and the exact key at fault.

The file is read once, at start-up (``create_app`` and the CLI): a shop with an invalid policy
does not start, rather than starting and promising the wrong return window.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from shopdesk.core.policy import ShopPolicy
from shopdesk.settings import Settings


class PolicyError(ValueError):
    """An unreadable or invalid policy file; the message says where and why."""


def load_policy(settings: Settings) -> ShopPolicy:
    """The policy of ``settings.policy_path``, or the defaults; the shop name fills the brand."""
    data: dict[str, Any] = {}
    if settings.policy_path is not None:
        data = read_policy_file(settings.policy_path)
    brand = data.setdefault("brand", {})
    if isinstance(brand, dict):
        brand.setdefault("name", settings.shop_name)
    return parse_policy(data, str(settings.policy_path or "policy"))


def read_policy_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyError(f"{path}: cannot read the policy file ({exc.strerror})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise PolicyError(f"{path}: not valid YAML{where}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise PolicyError(f"{path}: the policy must be a mapping of sections")
    return data


def parse_policy(data: dict[str, Any], source: str) -> ShopPolicy:
    try:
        return ShopPolicy.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        locs = [tuple(e["loc"]) for e in errors]
        problems = []
        for error in errors:
            loc = tuple(error["loc"])
            # A list whose only item was invalid is also "too short": the item says it better.
            if any(other[: len(loc)] == loc and len(other) > len(loc) for other in locs):
                continue
            key = _key(loc)
            message = error["msg"].removeprefix("Value error, ")
            if error["type"] == "extra_forbidden":
                message = "unknown key (check its spelling)"
            problems.append(f"{key}: {message}")
        raise PolicyError(f"{source}: " + "; ".join(problems)) from None


def _key(loc: tuple[int | str, ...]) -> str:
    """("shipping", "regions", 0, "days") -> "shipping.regions[0].days"."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"
