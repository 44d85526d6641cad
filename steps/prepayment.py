"""Steps about prepayment (being written)."""
