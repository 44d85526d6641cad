"""Steps about readings (being written)."""
