"""Validator throughput: harness ``Validator.validate_bytes`` vs raw lxml on the same corpus."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from harness.duis.schemas import SchemaSet, load_schema_set
from harness.duis.validation import Validator

REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference"
TARGET_RATIO = 0.8


def corpus_and_schema(xsd: str | None) -> tuple[list[bytes], SchemaSet, str]:
    """The documents to validate, the schema set, and a description of the corpus."""
    templates = sorted((REFERENCE / "rtds-templates").glob("*.XML"))
    if templates:
        schema_set = load_schema_set(xsd or REFERENCE / "duis-xsd" / "v5.4")
        return [p.read_bytes() for p in templates], schema_set, f"{len(templates)} RTDS templates"
    from harness.duis.bodies import TYPED_BODIES
    from harness.duis.builder import build_request

    schema_set = load_schema_set(xsd)
    documents = [
        build_request(srv, target="00-DB-12-34-56-78-90-A4", schema_set=schema_set).xml
        for srv in sorted(TYPED_BODIES)
    ]
    return documents, schema_set, f"{len(documents)} harness-built requests"


def best_rate(action: Callable[[bytes], object], documents: list[bytes], rounds: int) -> float:
    """Best documents/second over ``rounds`` passes."""
    best = 0.0
    for _ in range(rounds):
        start = time.perf_counter()
        for document in documents:
            action(document)
        elapsed = time.perf_counter() - start
        best = max(best, len(documents) / elapsed)
    return best


def main() -> int:
    """Measure and print both rates and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--xsd", help="schema directory (default: official 5.4 if present)")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=10, help="corpus copies per round")
    args = parser.parse_args()
    documents, schema_set, what = corpus_and_schema(args.xsd)
    documents = documents * args.repeat
    schema = schema_set.lxml_schema()
    raw_parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)

    def raw(document: bytes) -> bool:
        return schema.validate(etree.fromstring(document, raw_parser))

    validator = Validator(schema_set)
    assert all(validator.validate_bytes(d).valid == raw(d) for d in documents[:50])
    best_rate(raw, documents, 1)  # warm-up
    raw_rate = best_rate(raw, documents, args.rounds)
    harness_rate = best_rate(validator.validate_bytes, documents, args.rounds)
    ratio = harness_rate / raw_rate
    print(f"corpus: {what} x{args.repeat}; schema: {schema_set.label}")
    print(f"raw lxml:         {raw_rate:10.0f} documents/s")
    print(f"duis-harness:     {harness_rate:10.0f} documents/s")
    verdict = "meets" if ratio >= TARGET_RATIO else "BELOW"
    print(f"ratio:            {ratio:10.2f}  ({verdict} target >= {TARGET_RATIO})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
