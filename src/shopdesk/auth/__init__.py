"""Tokens: conversation bearer tokens and shop-signed customer tokens."""
