"""Hostile bodies and headers get a clear 4xx in the contract's error format, never a 500.

In-process for the bodies; over real HTTP (uvicorn) for what only a server sees: huge headers
and request lines, and a body larger than it says.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from security.conftest import Chat, Shop

MB = 1024 * 1024


def assert_clear_4xx(response: httpx.Response, *statuses: int) -> dict[str, Any]:
    assert response.status_code in statuses, (response.status_code, response.text[:300])
    body = response.json()
    assert isinstance(body["error"]["code"], str) and body["error"]["code"]
    message = body["error"]["message"]
    assert isinstance(message, str) and 5 < len(message) < 300
    for internal in ("Traceback", 'File "', "sqlalchemy", "pydantic", "/site-packages/"):
        assert internal not in response.text
    return body  # type: ignore[no-any-return]


def nested(depth: int) -> bytes:
    return b'{"text": ' + b"[" * depth + b"]" * depth + b"}"


BODIES: dict[str, tuple[bytes, str, tuple[int, ...]]] = {
    # name: (body, content type, acceptable statuses)
    "not json": (b"{'text': 'hi'", "application/json", (422,)),
    "truncated json": (b'{"text": "hi"', "application/json", (422,)),
    "json array": (b'["hi"]', "application/json", (422,)),
    "json string": (b'"hi"', "application/json", (422,)),
    "json null": (b"null", "application/json", (422,)),
    "text not a string": (b'{"text": {"$gt": ""}}', "application/json", (422,)),
    "empty text": (b'{"text": ""}', "application/json", (422,)),
    "only spaces": (b'{"text": "   \\t  "}', "application/json", (422,)),
    "invalid utf-8": (b'{"text": "\xff\xfe\xc3\x28"}', "application/json", (422,)),
    "lone surrogate": (b'{"text": "\\ud800"}', "application/json", (200, 422)),
    "deeply nested": (nested(5000), "application/json", (422,)),
    "one megabyte": (b'{"text": "' + b"a" * MB + b'"}', "application/json", (413,)),
    "megabyte of whitespace": (b" " * MB + b'{"text": "hi"}', "application/json", (413,)),
    "form instead of json": (b"text=hi", "application/x-www-form-urlencoded", (415, 422)),
    "plain text": (b"hi", "text/plain", (415, 422)),
    "xml": (b"<text>hi</text>", "application/xml", (415, 422)),
    "multipart": (b"--x\r\n\r\nhi\r\n--x--", "multipart/form-data; boundary=x", (415, 422)),
    "no content type": (b'{"text": "hi"}', "", (200, 415, 422)),
}


# Broken at the JSON level: refused by the create endpoint too (whose body is all optional).
NOT_JSON = ["not json", "truncated json", "json array", "json string", "invalid utf-8"]
NOT_JSON += ["deeply nested", "one megabyte", "megabyte of whitespace", "plain text", "xml"]


@pytest.mark.parametrize("name", sorted(BODIES))
async def test_bad_message_bodies_get_a_clear_4xx(client: httpx.AsyncClient, name: str) -> None:
    chat = await Chat.open(client)
    body, content_type, statuses = BODIES[name]
    headers = {**chat.auth, "Content-Type": content_type}
    response = await client.post(
        f"/v1/conversations/{chat.id}/messages", content=body, headers=headers
    )
    if response.status_code >= 400 or 200 not in statuses:
        assert_clear_4xx(response, *statuses)


@pytest.mark.parametrize("name", NOT_JSON)
async def test_bad_create_bodies_get_a_clear_4xx(client: httpx.AsyncClient, name: str) -> None:
    body, content_type, statuses = BODIES[name]
    response = await client.post(
        "/v1/conversations", content=body, headers={"Content-Type": content_type}
    )
    assert_clear_4xx(response, *statuses)


@pytest.mark.parametrize(
    "text",
    ["\x00", "hi\x00there", "\x07\x1b[31mred\x1b[0m", "\u202eevil", "a\ud800b", "\ufeff", "\x7f"],
)
async def test_control_characters_and_nul_in_text(client: httpx.AsyncClient, text: str) -> None:
    chat = await Chat.open(client)
    raw = '{"text": "' + text.encode("unicode_escape").decode().replace("\\x", "\\u00") + '"}'
    response = await client.post(
        f"/v1/conversations/{chat.id}/messages",
        content=raw.encode(),
        headers={**chat.auth, "Content-Type": "application/json"},
    )
    if response.status_code != 200:
        assert_clear_4xx(response, 422)
        return
    # Accepted: stored and returned as valid JSON without the characters that break clients.
    transcript = (await client.get(f"/v1/conversations/{chat.id}", headers=chat.auth)).json()
    stored = transcript["messages"][-2]["text"] if len(transcript["messages"]) > 2 else ""
    assert "\x00" not in stored


async def test_oversized_bodies_on_every_endpoint(shop: Shop, client: httpx.AsyncClient) -> None:
    chat = await Chat.open(client)
    big = b'{"text": "' + b"x" * MB + b'"}'
    for path, ops in shop.app.openapi()["paths"].items():
        if "post" not in ops:
            continue
        url = path.format(conversation_id=chat.id)
        response = await client.post(
            url, content=big, headers={**chat.auth, "Content-Type": "application/json"}
        )
        assert_clear_4xx(response, 413)


def raw_request(shop: Shop, request: bytes) -> bytes:
    host, port = shop.base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(request)
        chunks = []
        while True:
            try:
                chunk = connection.recv(65536)
            except (ConnectionResetError, TimeoutError):
                break
            if not chunk:
                break
            chunks.append(chunk)
            if b"\r\n\r\n" in b"".join(chunks) and b"}" in chunk:
                break  # one whole JSON answer is enough
        return b"".join(chunks)


async def test_huge_headers_and_request_lines_are_refused(shop: Shop) -> None:
    async with httpx.AsyncClient(base_url=shop.base_url, timeout=10) as client:
        for headers in (
            {"X-Filler": "a" * 200_000},
            {"Authorization": "Bearer " + "a" * 200_000},
            {f"X-H{i}": "v" * 100 for i in range(2000)},
        ):
            try:
                response = await client.get("/healthz", headers=headers)
            except httpx.RemoteProtocolError:
                continue  # the server closed the connection: refused, nothing processed
            assert 400 <= response.status_code < 500, response.status_code
    for target in (b"/v1/conversations/" + b"a" * 100_000, b"/healthz?q=" + b"a" * 20_000):
        request = b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        # A blocking socket: off the event loop, which the server in this process runs on.
        answer = await asyncio.to_thread(raw_request, shop, request)
        status = int(answer.split(b" ", 2)[1]) if answer else 400  # closed: refused
        assert 400 <= status < 500, answer[:200]


async def test_a_streamed_body_is_not_read_past_the_limit(client: httpx.AsyncClient) -> None:
    # No Content-Length to go by: the limit applies while the body streams in.
    sent = 0

    async def endless() -> AsyncIterator[bytes]:
        nonlocal sent
        yield b'{"text": "'
        while sent < 10 * MB:
            sent += 16_384
            yield b"x" * 16_384

    response = await client.post(
        "/v1/conversations", content=endless(), headers={"Content-Type": "application/json"}
    )
    assert_clear_4xx(response, 413)
    assert "content-length" not in response.request.headers
