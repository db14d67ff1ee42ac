"""The baseline: a bare FastAPI JSON echo, served the same way as shopdesk."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/echo")
async def echo(request: Request) -> dict[str, Any]:
    return {"echo": await request.json()}
