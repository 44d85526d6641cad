"""Steps about migration (being written)."""
