"""The live server of the API tests, reused: agent endpoints are tested over real HTTP."""

from api.conftest import client, live_server, nlu_pipeline, open_chat, server

__all__ = ["client", "live_server", "nlu_pipeline", "open_chat", "server"]
