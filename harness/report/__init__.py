"""What a run leaves behind as evidence: the exchanged XML and a manifest that detects tampering.

:mod:`.evidence` records every request, reply and delivery of each scenario; :mod:`.manifest`
writes ``manifest.json`` (versions, schema and DMVES hashes, the SHA-256 of every file of the
report) and checks a report against it (``duis-harness report verify``). docs/report.md.
"""
