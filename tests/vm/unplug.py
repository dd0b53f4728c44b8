#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Host half of a surprise removal: unplug a device through QEMU's QMP.

  tests/vm/unplug.py SOCKET ID

Sends device_del ID, then waits (one QMP session) until QEMU has
unplugged the device: on q35 the guest ejects it through ACPI PCI hotplug
and QEMU then takes it out of /machine/peripheral. Then it waits a little
for DEVICE_DELETED. Prints TAP result lines (without numbers, as the
guest's extra lines) and exits 0 when QEMU unplugged the device, 1 when
not.

Why not wait for DEVICE_DELETED alone (what `qmp.py device_del` does):
QEMU sends it from the device's finalizer, when the last reference goes,
not when it unplugs the device, so the two are separate checks. QEMU
10.0.2 as released never sent it when the host had disabled the
controller with IO in flight (nvme_free_sq() kept the requests' mappings,
each holding a reference on the device); the harness's QEMU carries the
fix (tools/vm/qemu/patches/0004, docs/qemu-nvme-bug.md), so a missing
DEVICE_DELETED fails the test.
"""

import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tools", "vm"))
import qmp  # noqa: E402  (tools/vm/qmp.py)

UNPLUG_S = 120      # device_del to the guest's eject; seconds in practice
DELETED_S = 60      # unplugged to DEVICE_DELETED: at once, but the host is loaded


def plugged(session, dev_id):
    reply = session.execute("qom-list", {"path": "/machine/peripheral"})
    if "error" in reply:
        raise qmp.QMPError(f"qom-list: {reply['error']}")
    return any(p.get("name") == dev_id for p in reply["return"])


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    sock, dev_id = sys.argv[1:]
    t0 = time.monotonic()
    try:
        session = qmp.QMP(sock, UNPLUG_S + DELETED_S + 30)
        reply = session.execute("device_del", {"id": dev_id})
        if "error" in reply:
            print(f"not ok host: device_del {dev_id}: {json.dumps(reply['error'])}")
            return 1
        while plugged(session, dev_id):
            if time.monotonic() - t0 > UNPLUG_S:
                print(f"not ok host: QEMU unplugged {dev_id} "
                      f"(still plugged {UNPLUG_S} s after device_del)")
                return 1
            time.sleep(0.1)
        print(f"ok host: QEMU unplugged {dev_id} "
              f"({time.monotonic() - t0:.1f} s after device_del)")
        t1 = time.monotonic()
        session.deadline = t1 + DELETED_S
        try:
            session.wait_event("DEVICE_DELETED", {"device": dev_id})
            print(f"ok host: DEVICE_DELETED for {dev_id} "
                  f"({time.monotonic() - t1:.1f} s after the unplug)")
        except qmp.QMPError as e:
            if str(e) != "timed out":
                raise
            print(f"not ok host: DEVICE_DELETED for {dev_id} (QEMU unplugged"
                  f" it but did not free it within {DELETED_S} s: a request"
                  " still holds it, docs/qemu-nvme-bug.md)")
            return 1
        session.close()
    except (OSError, qmp.QMPError) as e:
        print(f"not ok host: unplug {dev_id}: {e}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
