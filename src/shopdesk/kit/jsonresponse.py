"""A JSON response rendered with orjson (datetimes, UUIDs and dataclasses serialize natively)."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import JSONResponse as StarletteJSONResponse


class JSONResponse(StarletteJSONResponse):
    # A JSONResponse subclass, so FastAPI documents each endpoint's response model in
    # /openapi.json (for any other response class it writes {"type": "string"}).
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)
