"""Infrastructure: database, bus, locks, rate limits, errors, logging."""
