"""shopdesk: a self-hosted AI support desk for online shops."""

__version__ = "0.1.0"
