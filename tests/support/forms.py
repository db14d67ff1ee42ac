"""Reading the console's server-rendered forms: hidden fields and the page's CSRF token."""

from __future__ import annotations

import re


def hidden_field(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden {name} field"
    return match.group(1)


def page_csrf(html: str) -> str:
    match = re.search(r'<meta name="csrf-token" content="([^"]*)">', html)
    assert match, "no csrf-token meta"
    return match.group(1)
