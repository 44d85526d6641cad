"""Step definitions of the feature suite, grouped by domain noun (see docs/steps.md)."""
