"""SRV handler: 8.9 Read Device Log, naming a comms hub (M-READ-DEVICE-LOG).

The comms hub reports its device log: one ``CHFDeviceLogEntry`` per device in the hub's log in
the Smart Metering Inventory (:meth:`harness.model.inventory.Inventory.han_log`), in the order
they were added. This is how the register observes an Update HAN Device Log (8.11) adding or
removing a device (``S1SR-18.62(f)``, ``SSD-HAN-UPDATE-8.11``). A SMETS1 hub answers through
the S1SP with ``ReadDeviceLogRsp``; a SMETS2+ hub through GBCS (M-GBCS-PLACEHOLDER). 8.9 naming
any other device is refused synchronously (E11): the model keeps no device log for it.
"""

from __future__ import annotations

from harness.model import handling
from harness.model.devices import DeviceType
from harness.model.handlers.smets_route import answer, refuse
from harness.model.handling import Context, Outcome, handles
from harness.model.replies_mmc import CHF_DEVICE_LOG_ENTRIES, read_device_log_rsp

__all__ = ["read_device_log"]


@handles("8.9")
def read_device_log(ctx: Context) -> Outcome:
    """8.9: I99, then the comms hub's device log (at most 16 entries, as the MMC allows)."""
    hub = ctx.device
    if hub is None or hub.device_type is not DeviceType.CHF:
        kind = "no device" if hub is None else f"a {hub.device_type.value}"
        return refuse(
            ctx,
            handling.INVALID_REQUEST,
            f"M-READ-DEVICE-LOG: the reference model answers 8.9 for a comms hub (got {kind})",
        )
    log = ctx.model.inventory.han_log(hub.device_id)
    notes = [f"comms hub {hub.device_id} device log: {', '.join(map(str, log)) or 'empty'}"]
    if len(log) > CHF_DEVICE_LOG_ENTRIES:
        notes.append(f"{len(log)} devices in the log; the first {CHF_DEVICE_LOG_ENTRIES} reported")
    shown = log[:CHF_DEVICE_LOG_ENTRIES]
    values = {"devices": ",".join(str(d) for d in shown)}
    return answer(ctx, read_device_log_rsp(shown), values, tuple(notes))
