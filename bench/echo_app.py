"""The baseline: a bare FastAPI JSON echo, over HTTP and over a WebSocket, served the same way
as shopdesk (one uvicorn process)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request, WebSocket, WebSocketDisconnect

app = FastAPI()


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/echo")
async def echo(request: Request) -> dict[str, Any]:
    return {"echo": await request.json()}


@app.websocket("/ws")
async def echo_socket(websocket: WebSocket) -> None:
    """Every JSON frame comes back wrapped, like the HTTP echo's body."""
    await websocket.accept()
    try:
        while True:
            await websocket.send_json({"echo": await websocket.receive_json()})
    except WebSocketDisconnect:
        pass
