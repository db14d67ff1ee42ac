"""A minimal WebSocket client on raw asyncio streams (RFC 6455: text frames, ping, close).

A load client must cost much less CPU than the server it measures: a full client library adds
per-frame work (extensions, state machines, keepalive tasks) that on a 2-core machine is taken
from the server. This one does the handshake, masks what it sends (as every client must) and
reads unmasked server frames, nothing else.
"""

from __future__ import annotations

import asyncio
import base64
import os
import struct

_TEXT, _CLOSE, _PING, _PONG = 0x1, 0x8, 0x9, 0xA


class WebSocketClosed(Exception):
    """The server closed the connection (a close frame or end of stream)."""


def _mask(payload: bytes) -> bytes:
    key = os.urandom(4)
    size = len(payload)
    stream = (key * (size // 4 + 1))[:size]
    masked = int.from_bytes(payload, "big") ^ int.from_bytes(stream, "big")
    return key + masked.to_bytes(size, "big")


def _frame(opcode: int, payload: bytes) -> bytes:
    size = len(payload)
    if size < 126:
        head = struct.pack("!BB", 0x80 | opcode, 0x80 | size)
    elif size < 65536:
        head = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, size)
    else:
        head = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, size)
    return head + _mask(payload)


class WebSocket:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    @classmethod
    async def connect(cls, host: str, port: int, path: str) -> WebSocket:
        reader, writer = await asyncio.open_connection(host, port)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        writer.write(request.encode())
        head = await reader.readuntil(b"\r\n\r\n")
        if not head.startswith(b"HTTP/1.1 101"):
            writer.close()
            raise ConnectionError(head.split(b"\r\n", 1)[0].decode(errors="replace"))
        return cls(reader, writer)

    def send(self, text: str) -> None:
        self.writer.write(_frame(_TEXT, text.encode()))

    async def recv(self) -> str:
        """The next text message (fragmented messages joined); answers pings on the way."""
        parts: list[bytes] = []
        while True:
            try:
                first, second = await self.reader.readexactly(2)
            except asyncio.IncompleteReadError as exc:
                raise WebSocketClosed from exc
            size = second & 0x7F
            if size == 126:
                (size,) = struct.unpack("!H", await self.reader.readexactly(2))
            elif size == 127:
                (size,) = struct.unpack("!Q", await self.reader.readexactly(8))
            payload = await self.reader.readexactly(size) if size else b""
            opcode = first & 0x0F
            if opcode == _PING:
                self.writer.write(_frame(_PONG, payload))
            elif opcode == _CLOSE:
                raise WebSocketClosed(payload[:2].hex())
            elif opcode != _PONG:
                parts.append(payload)
                if first & 0x80:  # FIN
                    return b"".join(parts).decode()

    async def close(self) -> None:
        try:
            self.writer.write(_frame(_CLOSE, struct.pack("!H", 1000)))
            await self.writer.drain()
        except (ConnectionError, RuntimeError):
            pass
        self.writer.close()
