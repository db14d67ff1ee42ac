"""Alembic migrations for the shopdesk schema (run through ``shopdesk.kit.migrations``)."""
