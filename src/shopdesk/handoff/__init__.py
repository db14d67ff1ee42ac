"""Handing conversations to people: the queue (agent console and assignment come later)."""
