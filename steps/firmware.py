"""Steps about firmware (being written)."""
