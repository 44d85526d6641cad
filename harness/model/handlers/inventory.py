"""SRV handlers: inventory (being written)."""
