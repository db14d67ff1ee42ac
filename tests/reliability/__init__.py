"""Reliability suite: real server processes killed, cut off from Redis or PostgreSQL, and a
failing shop platform; small scale in CI."""
