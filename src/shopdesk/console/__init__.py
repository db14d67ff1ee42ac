"""The agent console at /console: server-rendered pages, static scripts, the session middleware."""
