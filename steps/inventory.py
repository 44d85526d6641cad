"""Steps about inventory (being written)."""
