"""The feature suite's machinery: pytest plugin, settings, targets and verdicts."""
