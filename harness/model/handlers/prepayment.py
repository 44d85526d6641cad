"""SRV handlers: prepayment (being written)."""
