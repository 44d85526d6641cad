"""DUIS schema sets: the harness's bundled set or an official DUIS XSD directory.

Every ``schemaLocation`` is resolved inside the set's own directory (the official MMC import
has a space in its name, which libxml2 would otherwise skip); nothing is fetched from the
network. Each set is compiled once per process and reused.
"""

from __future__ import annotations

import os
import re
import threading
import urllib.parse
import weakref
from collections import deque
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree

from harness.duis.namespaces import SR, XS
from harness.duis.xmlinput import parse_trusted_file
from harness.errors import HarnessError, SchemaLoadError

if TYPE_CHECKING:
    import xmlschema

#: Environment variable naming an official DUIS XSD directory to use instead of the bundled set.
XSD_DIR_ENV = "DUIS_XSD_DIR"

_SCHEME = "duis-local:"
_VERSION_IN_NAME = re.compile(r"V(\d+\.\d+[a-z]?)", re.IGNORECASE)
_TARGET_SR = re.compile(r"targetNamespace\s*=\s*[\"']" + re.escape(SR) + r"[\"']")
_VERSION_IN_COMMENT = re.compile(r"DUIS XML Schema Version - Request\s*-\s*(\S+)")


@cache
def bundled_directory() -> Path:
    """Where the harness's own schema set lives (``xsd/`` in a checkout, packaged otherwise)."""
    packaged = Path(__file__).resolve().parents[1] / "_xsd"  # harness/_xsd when installed
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "xsd"


#: Serialises schema compilation across threads and schema sets (see SchemaSet.lxml_schema).
_COMPILE_LOCK = threading.Lock()
#: How many times a schema set is compiled before its error is believed.
COMPILE_ATTEMPTS = 3


class _Holder:
    """A thread's compiled schema; when the thread ends, the holder goes and the schema is
    given back to its set's pool."""

    __slots__ = ("__weakref__", "schema")

    def __init__(self, schema: etree.XMLSchema) -> None:
        self.schema = schema


class SchemaSet:
    """One complete DUIS schema set in one directory, compiled lazily and once."""

    def __init__(self, directory: Path, *, bundled: bool) -> None:
        self.directory = directory
        self.bundled = bundled
        self.main = _find_main(directory)
        self.version = _detect_version(self.main)
        self._lock = threading.Lock()
        self._per_thread = threading.local()
        self._spare: deque[etree.XMLSchema] = deque()
        self._xmlschema: xmlschema.XMLSchema | None = None

    @property
    def kind(self) -> str:
        """``bundled`` for the harness's own set, ``official`` for a user-supplied directory."""
        return "bundled" if self.bundled else "official"

    @property
    def label(self) -> str:
        """Which set and version, as reports and messages print it."""
        return f"{self.kind} DUIS {self.version} ({self.directory})"

    def files(self) -> tuple[Path, ...]:
        """The schema files of the set."""
        return tuple(sorted(self.directory.glob("*.xsd")))

    def lxml_schema(self) -> etree.XMLSchema:
        """The compiled libxml2 schema, one per thread (its error log is per-object state).

        When a thread ends, its schema goes back to a pool the next new thread takes from, so a
        server that runs each request in a new thread compiles once per concurrent thread, not
        once per request.
        """
        holder: _Holder | None = getattr(self._per_thread, "holder", None)
        if holder is None:
            try:
                compiled = self._spare.pop()  # deque operations are atomic: no lock needed
            except IndexError:
                # libxml2 cannot compile a schema set in two threads at once (imports resolve
                # through shared state); compiling is rare, so one at a time
                with _COMPILE_LOCK:
                    compiled = self._compile_lxml_attempts()
            holder = _Holder(compiled)
            weakref.finalize(holder, self._spare.append, compiled)
            self._per_thread.holder = holder
        return holder.schema

    def xmlschema_schema(self) -> xmlschema.XMLSchema:
        """The ``xmlschema`` model of the set (decoding, generation, second opinion)."""
        with self._lock:
            if self._xmlschema is None:
                self._xmlschema = self._compile_xmlschema()
            return self._xmlschema

    def _local_tree(self, name: str) -> etree._Element:
        path = self.directory / name
        if not path.is_file():
            raise SchemaLoadError(str(self.directory), f"imported file {name!r} is not in the set")
        try:
            root = parse_trusted_file(path)
        except HarnessError as exc:
            raise SchemaLoadError(str(path), str(exc)) from None
        for element in root.iter(f"{{{XS}}}import", f"{{{XS}}}include", f"{{{XS}}}redefine"):
            location = element.get("schemaLocation")
            if location:
                local = os.path.basename(urllib.parse.unquote(location))
                element.set("schemaLocation", _SCHEME + urllib.parse.quote(local))
        return root

    def _compile_lxml_attempts(self) -> etree.XMLSchema:
        """Compile, trying again when it fails: libxml2 may, rarely, leave an import of a set
        unresolved while other threads parse (also reported against lxml elsewhere, e.g.
        IdentityPython/pyFF#315); a set that is really broken fails every attempt."""
        for _ in range(COMPILE_ATTEMPTS - 1):
            try:
                return self._compile_lxml()
            except SchemaLoadError:
                continue
        return self._compile_lxml()

    def _compile_lxml(self) -> etree.XMLSchema:
        # Every file of the set is read and rewritten first; the resolver only hands out those
        # bytes. Parsing inside libxml2's import callback (as an earlier version did) could
        # leave later imports unresolved when other threads were parsing at the same time.
        texts: dict[str, bytes] = {}
        self._collect(self.main.name, texts)
        schema_set = self

        class _LocalResolver(etree.Resolver):
            def resolve(  # type: ignore[override]
                self, system_url: str, public_id: str, context: Any
            ) -> Any:
                name = urllib.parse.unquote(system_url.removeprefix(_SCHEME))
                if not system_url.startswith(_SCHEME) or name not in texts:
                    raise SchemaLoadError(
                        str(schema_set.directory), f"refused to load {system_url}"
                    )
                return self.resolve_string(texts[name], context, base_url=system_url)

        parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
        parser.resolvers.add(_LocalResolver())
        try:
            document = etree.fromstring(texts[self.main.name], parser, base_url=_SCHEME + "main")
            return etree.XMLSchema(document)
        except (etree.XMLSchemaParseError, etree.XMLSyntaxError) as exc:
            raise SchemaLoadError(str(self.main), str(exc)) from None

    def _collect(self, name: str, texts: dict[str, bytes]) -> None:
        """``name`` and every file it imports or includes, rewritten, into ``texts``."""
        if name in texts:
            return
        tree = self._local_tree(name)
        texts[name] = etree.tostring(tree)
        for element in tree.iter(f"{{{XS}}}import", f"{{{XS}}}include", f"{{{XS}}}redefine"):
            location = element.get("schemaLocation") or ""
            if location.startswith(_SCHEME):
                self._collect(urllib.parse.unquote(location[len(_SCHEME) :]), texts)

    def _compile_xmlschema(self) -> xmlschema.XMLSchema:
        import xmlschema

        try:
            return xmlschema.XMLSchema(str(self.main), allow="local", defuse="always")
        except (xmlschema.XMLSchemaException, OSError) as exc:
            raise SchemaLoadError(str(self.main), str(exc)) from None


def _find_main(directory: Path) -> Path:
    if not directory.is_dir():
        raise SchemaLoadError(str(directory), "no such directory")
    candidates = []
    for path in sorted(directory.glob("*.xsd")):
        head = path.read_bytes()[:65536].decode("utf-8", "replace")
        if _TARGET_SR.search(head):
            candidates.append(path)
    if not candidates:
        raise SchemaLoadError(
            str(directory), f"no .xsd file there has targetNamespace {SR!r} (the DUIS schema)"
        )
    if len(candidates) > 1:
        names = ", ".join(p.name for p in candidates)
        raise SchemaLoadError(str(directory), f"more than one DUIS schema file: {names}")
    return candidates[0]


def _detect_version(main: Path) -> str:
    root = parse_trusted_file(main)
    declared = root.get("version")
    if declared:
        return declared
    for comment in root.iter(etree.Comment):
        found = _VERSION_IN_COMMENT.search(str(comment.text or ""))
        if found:
            return found.group(1)
    named = _VERSION_IN_NAME.search(main.name)
    return named.group(1) if named else "unknown"


_CACHE: dict[tuple[Path, bool], SchemaSet] = {}


@cache
def _resolved(directory: str) -> Path:
    return Path(directory).expanduser().resolve()


_CACHE_LOCK = threading.Lock()


def load_schema_set(directory: str | os.PathLike[str] | None = None) -> SchemaSet:
    """The schema set in ``directory``, else ``$DUIS_XSD_DIR``, else the bundled set (cached)."""
    chosen = directory if directory is not None else os.environ.get(XSD_DIR_ENV) or None
    if chosen is None and _BUNDLED:  # the usual case, asked for per reply: no path work
        return _BUNDLED[0]
    path = _resolved(os.fspath(chosen)) if chosen is not None else bundled_directory()
    bundled = chosen is None
    with _CACHE_LOCK:
        found = _CACHE.get((path, bundled))
        if found is None:
            found = SchemaSet(path, bundled=bundled)
            _CACHE[(path, bundled)] = found
        if bundled and not _BUNDLED:
            _BUNDLED.append(found)
        return found


#: The bundled schema set, once loaded (its directory never changes).
_BUNDLED: list[SchemaSet] = []
