"""`shopdesk agents ...` as a real process over a real SQLite file."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pyotp
from argon2 import PasswordHasher

SHOPDESK = str(Path(sys.executable).with_name("shopdesk"))
PASSWORD = "a long enough password"


def run(args: list[str], tmp_path: Path, *, stdin: str | None = None, **env: str):  # type: ignore[no-untyped-def]
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SHOPDESK_")}
    environment["SHOPDESK_DATABASE_URL"] = f"sqlite:///{tmp_path / 'shop.db'}"
    return subprocess.run(
        [SHOPDESK, "agents", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**environment, **env},
        cwd=tmp_path,
        timeout=120,
        check=False,
    )


def rows(tmp_path: Path) -> list[tuple[str, str, str, str, str | None, int]]:
    with sqlite3.connect(tmp_path / "shop.db") as db:
        return db.execute(
            "SELECT email, name, role, password_hash, totp_secret, active FROM agents ORDER BY id"
        ).fetchall()


def test_add_with_password_from_the_environment(tmp_path: Path) -> None:
    done = run(
        ["add", "ann@example.com", "--role", "supervisor", "--name", "Ann Lee"],
        tmp_path,
        SHOPDESK_AGENT_PASSWORD=PASSWORD,
    )
    assert done.returncode == 0, done.stderr
    assert "added ann@example.com (supervisor, Ann Lee)" in done.stdout
    [(email, name, role, password_hash, secret, active)] = rows(tmp_path)
    assert (email, name, role, secret, active) == (
        "ann@example.com",
        "Ann Lee",
        "supervisor",
        None,
        1,
    )
    assert PasswordHasher().verify(password_hash, PASSWORD)


def test_add_reads_the_password_from_the_prompt(tmp_path: Path) -> None:
    done = run(["add", "bo@example.com"], tmp_path, stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert done.returncode == 0, done.stderr
    assert PASSWORD not in done.stdout
    assert rows(tmp_path)[0][2] == "agent"


def test_totp_prints_the_provisioning_uri_of_the_stored_secret(tmp_path: Path) -> None:
    done = run(["add", "cy@example.com", "--totp"], tmp_path, SHOPDESK_AGENT_PASSWORD=PASSWORD)
    assert done.returncode == 0, done.stderr
    uri = next(line for line in done.stdout.splitlines() if line.startswith("otpauth://"))
    secret = rows(tmp_path)[0][4]
    assert secret is not None
    assert pyotp.parse_uri(uri).secret == secret  # type: ignore[attr-defined]


def test_errors_name_the_field(tmp_path: Path) -> None:
    env = {"SHOPDESK_AGENT_PASSWORD": PASSWORD}
    bad_email = run(["add", "not-an-email"], tmp_path, **env)
    assert bad_email.returncode == 2
    assert "error: email: 'not-an-email' is not an email address" in bad_email.stderr
    bad_role = run(["add", "a@example.com", "--role", "boss"], tmp_path, **env)
    assert bad_role.returncode == 2
    assert "error: role: unknown role 'boss'" in bad_role.stderr
    short = run(["add", "a@example.com"], tmp_path, SHOPDESK_AGENT_PASSWORD="short")
    assert short.returncode == 2
    assert "error: password: must be at least 10 characters" in short.stderr
    assert run(["add", "a@example.com"], tmp_path, **env).returncode == 0
    duplicate = run(["add", "A@example.com"], tmp_path, **env)
    assert duplicate.returncode == 2
    assert "error: email: an agent with A@example.com already exists" in duplicate.stderr
    assert "Traceback" not in bad_email.stderr + bad_role.stderr + duplicate.stderr


def test_list_and_disable(tmp_path: Path) -> None:
    env = {"SHOPDESK_AGENT_PASSWORD": PASSWORD}
    run(["add", "ann@example.com", "--role", "admin"], tmp_path, **env)
    run(["add", "bo@example.com", "--totp"], tmp_path, **env)
    listed = run(["list"], tmp_path)
    assert listed.returncode == 0
    assert "ann@example.com" in listed.stdout and "admin" in listed.stdout
    disabled = run(["disable", "bo@example.com"], tmp_path)
    assert disabled.returncode == 0
    assert [r[5] for r in rows(tmp_path)] == [1, 0]
    unknown = run(["disable", "zed@example.com"], tmp_path)
    assert unknown.returncode == 2
    assert "error: email: no agent with zed@example.com" in unknown.stderr
