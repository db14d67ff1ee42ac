"""Conversations: the path of one message (service), storage (repository), HTTP and WebSocket."""
