"""Tests of the live HTTP target and the asynchronous receiver."""
