"""Reference-model request handling cost as a ratio to the bare minimum, in the same run.

For each kind of request (a read: 11.2; a firmware request: 11.4; an inventory request: 8.2)
the model's ``handle`` is timed against the least any implementation must do: parse and
validate the request with raw lxml (same schema) and serialise the reply and the deliveries the
model produced. Requests are built beforehand with increasing counters, so building is not
timed. The bare and model runs alternate over ``--rounds`` rounds and each ratio is the median
of the rounds' ratios, as the machine's speed drifts. Target: ratio <= 3.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass
from statistics import median

from lxml import etree

from harness.duis.bodies import read_inventory, update_ppmid_firmware
from harness.duis.builder import build_request
from harness.duis.identifiers import CounterSequence, Eui64
from harness.duis.responses import Response
from harness.model.reference import ReferenceModel

TARGET_RATIO = 3.0


@dataclass(frozen=True)
class Case:
    """One kind of request, pre-built many times."""

    name: str
    requests: list[bytes]


def _cases(model: ReferenceModel, count: int) -> list[Case]:
    hub = model.install_comms_hub()
    meter = model.install_device("FOC-ESME-1", hub=hub)
    # taken on (I0), then a PPMID alert: MOCM-PPMID-1 is not refused by any rule
    ppmid = model.install_device("MOCM-PPMID-1", hub=hub)
    counters = CounterSequence()

    def many(srv: str, target: Eui64 | None, body: etree._Element | None = None) -> list[bytes]:
        return [
            build_request(srv, target=target, counters=counters, body=body).xml
            for _ in range(count)
        ]

    return [
        Case("read (11.2)", many("11.2", meter)),
        Case("firmware (11.4)", many("11.4", None, update_ppmid_firmware(device_ids=[ppmid]))),
        Case("inventory (8.2)", many("8.2", None, read_inventory(device_id=meter))),
    ]


def _seconds(action: Callable[[bytes], object], documents: list[bytes]) -> float:
    start = time.perf_counter()
    for document in documents:
        action(document)
    return time.perf_counter() - start


def main() -> int:
    """Measure each case and print the ratios."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=300, help="requests per case and round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of bare and model runs")
    args = parser.parse_args()
    model = ReferenceModel()
    schema = model.schema_set.lxml_schema()
    raw_parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    rounds = max(1, args.rounds)
    print(f"schema: {model.schema_set.label}; {args.count} requests per case, {rounds} rounds")
    print("each ratio is the median of the rounds' ratios (bare and model timed back to back)")
    worst = 0.0
    for case in _cases(model, args.count * rounds + 1):
        sample = model.handle(case.requests[0])
        code = Response.from_element(etree.fromstring(sample.reply_xml)).response_code
        if code.startswith("E"):  # a refusal is cheap: it would not measure the case at all
            raise SystemExit(f"{case.name}: the model refused the request ({code})")
        produced = (sample.reply_xml, *(d.xml for d in sample.deliveries))
        outputs = [etree.fromstring(x) for x in produced if x]

        def bare(document: bytes, outputs: list[etree._Element] = outputs) -> None:
            schema.validate(etree.fromstring(document, raw_parser))
            for output in outputs:
                etree.tostring(output)

        ratios, per_request = [], []
        for number in range(rounds):
            batch = case.requests[1 + number * args.count : 1 + (number + 1) * args.count]
            bare_time = _seconds(bare, batch)
            model_time = _seconds(model.handle, batch)  # fresh counters: every request accepted
            ratios.append(model_time / bare_time)
            per_request.append(model_time / len(batch) * 1e6)
        ratio = median(ratios)
        worst = max(worst, ratio)
        print(
            f"{case.name:<18} model {median(per_request):8.0f} us/request   "
            f"ratio to bare minimum {ratio:5.2f} ({min(ratios):.2f}-{max(ratios):.2f})   "
            f"({len(outputs)} documents out)"
        )
    verdict = "meets" if worst <= TARGET_RATIO else "ABOVE"
    print(f"worst ratio {worst:.2f} ({verdict} target <= {TARGET_RATIO})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
