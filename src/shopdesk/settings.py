"""Configuration from the environment (prefix ``SHOPDESK_``) and an optional settings file.

The settings file is TOML or dotenv-style ``KEY=value`` lines, named by ``SHOPDESK_SETTINGS_FILE``
(default ``./shopdesk.env`` when it exists). Environment variables win over the file.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shopdesk.core.types import DEFAULT_LOCALE, SUPPORTED_LOCALES

DEFAULT_ORDER_NUMBER_PATTERN = r"#?\s*(?:[A-Za-z]{1,4}[\s\-_]?)?\d{3,12}"


def _settings_file() -> str | None:
    explicit = os.environ.get("SHOPDESK_SETTINGS_FILE")
    if explicit:
        return explicit
    return "shopdesk.env" if Path("shopdesk.env").is_file() else None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHOPDESK_", extra="ignore")

    database_url: str = "sqlite:///./var/shopdesk.db"
    redis_url: str | None = None
    shop_name: str = "Our shop"
    default_locale: str = DEFAULT_LOCALE
    order_number_pattern: str = Field(
        default=DEFAULT_ORDER_NUMBER_PATTERN,
        description="Regular expression matching the shop's order numbers as shoppers type them",
    )
    # HS256 secret the shop signs customer tokens with (see auth.customer_token).
    customer_token_secret: str | None = None
    # Signs the invoice download links the bot hands out. Unset: a random key per process, so
    # links stop working on a restart and are not valid on another process.
    invoice_link_secret: str | None = None
    invoice_link_hours: int = Field(default=24, ge=1, le=24 * 30)
    # Where shoppers reach this server (links in chat messages are built on it).
    public_url: str = "http://127.0.0.1:8000"
    # Token for the agent-side endpoints until console logins exist (see docs).
    agent_api_key: str | None = None
    # Console logins: a session ends after this long without a request, and in any case
    # after console_session_hours; failed logins per email and per client address in
    # console_login_window_seconds before further tries are refused.
    console_session_idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    console_session_hours: int = Field(default=12, ge=1, le=24 * 7)
    console_login_attempts_per_email: int = Field(default=5, ge=1)
    console_login_attempts_per_client: int = Field(default=30, ge=1)
    console_login_window_seconds: int = Field(default=900, ge=1)
    # Set the cookie's Secure flag (serve the console over HTTPS in production).
    console_secure_cookie: bool = False
    # Verification throttle: failed order/email pairs before lookups stop.
    max_failed_verifications_per_conversation: int = 5
    # Per client address; high enough that shoppers behind one shared NAT are not locked out.
    max_failed_verifications_per_client: int = 50
    failed_verification_window_seconds: int = 900
    # Plain request rate limits on message posting (429 with Retry-After beyond them).
    messages_per_minute_per_client: int = 6000
    messages_per_minute_per_conversation: int = 60
    cors_origins: list[str] = []
    # Customer messages stored but never answered (the process died mid-turn, the database
    # went away) are answered by a sweep this often, once they are at least this old.
    recovery_sweep_seconds: float = Field(default=30, gt=0)
    # A model trained with `shopdesk nlu train` (built-in data plus the shop's own).
    nlu_model_path: Path | None = None
    # Where the built-in model is cached after its first build (default ~/.cache/shopdesk).
    nlu_cache_dir: Path | None = None
    log_level: str = "INFO"
    # Where orders and the catalogue come from: an entry point of the group
    # "shopdesk.connectors" (builtin, shopify, woocommerce, rest), and a YAML or JSON file with
    # its URL, credentials and mapping (see docs/ARCHITECTURE.md, "Connectors").
    connector: str = "builtin"
    connector_config: Path | None = None
    # The shop's policy file (YAML, see core.policy); without one, conservative defaults.
    policy_path: Path | None = None
    # Escalation to a person (see dialogue.escalation): sentiment runs from -1 to 1.
    handoff_anger: float = Field(default=-0.85, ge=-1, le=1)
    handoff_negative: float = Field(default=-0.5, ge=-1, le=1)
    handoff_long_conversation_turns: int = Field(default=25, ge=2)
    handoff_legal_words: bool = True
    # With nobody online or outside business hours: ask how to reach the shopper, file a ticket.
    handoff_callback_tickets: bool = True

    @field_validator("default_locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        if value not in SUPPORTED_LOCALES:
            raise ValueError(f"must be one of {', '.join(SUPPORTED_LOCALES)}")
        return value

    @field_validator("order_number_pattern")
    @classmethod
    def _valid_regex(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from exc
        return value

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        scheme = value.split(":", 1)[0]
        if scheme.split("+", 1)[0] not in {"sqlite", "postgresql", "postgres"}:
            raise ValueError("use sqlite:///path or postgresql://user@host:port/db")
        return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    file = _settings_file()
    return Settings(_env_file=file) if file else Settings()
