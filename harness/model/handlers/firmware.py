"""SRV handlers: firmware (being written)."""
