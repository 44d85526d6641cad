"""``duis-harness serve``: the reference model behind a DCC Boxed style HTTP interface.

See ``docs/serve.md``. :mod:`.app` is the WSGI application, :mod:`.sessions` the per-client
reference models, :mod:`.sender` the asynchronous delivery to Receive Response URLs and
:mod:`.server` runs it all on the HTTP server of :mod:`harness.wsgi_server`.
"""
