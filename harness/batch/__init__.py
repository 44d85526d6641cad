"""Validating many DUIS messages at once: directories, globs, captures; streaming; several
processes (``duis-harness validate --jobs N``). :mod:`.sources` reads the inputs one document
at a time, :mod:`.engine` checks them and keeps only counts."""
