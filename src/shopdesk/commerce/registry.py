"""Finding a connector by name: entry points in the group ``shopdesk.connectors``.

Each entry point is a factory taking the connector's config (a mapping, usually read from the
file named by ``SHOPDESK_CONNECTOR_CONFIG``) and returning an object implementing the protocols
of ``commerce.protocols``. Another package adds a platform by declaring one, e.g.::

    [project.entry-points."shopdesk.connectors"]
    magento = "shopdesk_magento:from_config"
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.ext.asyncio import AsyncSession

from shopdesk.commerce.builtin import DatabaseOrderSource
from shopdesk.settings import Settings

GROUP = "shopdesk.connectors"


class ConnectorError(Exception):
    """The configured connector cannot be loaded; the message names it and says why."""


def available() -> list[str]:
    return sorted(ep.name for ep in entry_points(group=GROUP))


def load_connector(name: str, config: Mapping[str, Any] | None = None) -> Any:
    """The connector ``name`` built from ``config``."""
    matches = [ep for ep in entry_points(group=GROUP) if ep.name == name]
    if not matches:
        known = ", ".join(available()) or "none"
        raise ConnectorError(f"unknown commerce connector {name!r} (installed: {known})")
    try:
        factory = matches[0].load()
    except (ImportError, AttributeError) as exc:
        raise ConnectorError(f"commerce connector {name!r} cannot be imported: {exc}") from exc
    try:
        return factory(dict(config or {}))
    except (ValueError, TypeError, KeyError) as exc:
        raise ConnectorError(f"commerce connector {name!r} is misconfigured: {exc}") from exc


def read_config(path: Path) -> dict[str, Any]:
    """A connector config file: YAML, or JSON (YAML reads it too; JSON's errors are clearer)."""
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise ConnectorError(f"cannot read the connector config {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ConnectorError(f"the connector config {path} must hold a mapping")
    return data


def connector_from_settings(settings: Settings, **runtime: Any) -> Any:
    """The connector the settings name. ``runtime`` adds what no file can hold (``session``)."""
    file = settings.connector_config
    config = read_config(file) if file else {}
    return load_connector(settings.connector, {**config, **runtime})


def builtin_connector(config: Mapping[str, Any]) -> DatabaseOrderSource:
    """The ``builtin`` entry point: our own tables, read in the caller's session.

    The session belongs to one request or turn, so the runtime builds this per turn with
    ``{"session": session}``; it is cheap (no connection, no cache).
    """
    session = config.get("session")
    if not isinstance(session, AsyncSession):
        raise ValueError("needs 'session', the AsyncSession of the current turn")
    return DatabaseOrderSource(session)
