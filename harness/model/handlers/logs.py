"""SRV handlers: logs (being written)."""
