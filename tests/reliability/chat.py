"""A shopper's side of the chat API, over HTTP and the WebSocket, for the reliability tests."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection


class Shopper:
    """One conversation, spoken to over HTTP; remembers what the server acknowledged."""

    def __init__(self, http: httpx.AsyncClient, base: str) -> None:
        self.http, self.base = http, base
        self.id = self.token = ""
        self.acknowledged: list[str] = []  # texts the server answered 2xx (or acked on the socket)
        self.resent = 0  # messages sent again after a failed attempt
        self.unavailable = 0  # 503 answers and service_unavailable error frames

    async def open(self, locale: str | None = None) -> Shopper:
        body = {"locale": locale} if locale else {}
        created = await self.http.post(f"{self.base}/v1/conversations", json=body)
        assert created.status_code == 201, created.text
        self.id, self.token = created.json()["id"], created.json()["token"]
        return self

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    async def post(
        self, text: str, key: str | None = None, base: str | None = None
    ) -> httpx.Response:
        headers = {**self.auth, **({"Idempotency-Key": key} if key else {})}
        url = f"{base or self.base}/v1/conversations/{self.id}/messages"
        return await self.http.post(url, json={"text": text}, headers=headers)

    async def say(self, text: str, base: str | None = None) -> str:
        response = await self.post(text, base=base)
        assert response.status_code == 200, response.text
        self.acknowledged.append(text)
        return "\n".join(m["text"] for m in response.json()["messages"])

    async def transcript(self, base: str | None = None) -> list[dict[str, Any]]:
        url = f"{base or self.base}/v1/conversations/{self.id}"
        response = await self.http.get(url, headers=self.auth)
        assert response.status_code == 200, response.text
        return list(response.json()["messages"])

    def socket_url(self, ws_base: str) -> str:
        return f"{ws_base}/v1/conversations/{self.id}/ws?token={self.token}"


async def next_frame(
    ws: ClientConnection, kind: str, wait: float = 20, **match: Any
) -> dict[str, Any]:
    """The next frame of ``kind`` whose fields equal ``match``, skipping the others."""
    async with asyncio.timeout(wait):
        while True:
            frame: dict[str, Any] = json.loads(await ws.recv())
            if frame["type"] == kind and all(frame.get(k) == v for k, v in match.items()):
                return frame


def check_transcript(messages: list[dict[str, Any]], sent: list[str]) -> None:
    """Every text in ``sent`` is stored exactly once, in that order, and each has an answer
    (a bot message right after it, before the next customer message)."""
    customer = [m for m in messages if m["role"] == "customer"]
    assert [m["text"] for m in customer] == sent, "customer messages lost, doubled or reordered"
    for index, message in enumerate(messages):
        if message["role"] != "customer":
            continue
        following = messages[index + 1] if index + 1 < len(messages) else None
        assert following is not None and following["role"] == "bot", (
            f"{message['text']!r} has no answer"
        )
