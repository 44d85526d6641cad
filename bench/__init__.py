"""Benchmarks: each compares the harness with a baseline measured in the same run."""
