#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# tools/vm/qmp.py: owns talking to the test VM's QEMU over QMP (QEMU Machine
# Protocol), from the host or, through a relay folder that tools/vm/run
# serves, from a command running inside the guest. Standard library only.
"""Tiny QMP client for the nvmetest VM.

  qmp.py [OPTIONS] SOCKET COMMAND [ARG...]    on the host
  qmp.py [OPTIONS] --guest COMMAND [ARG...]   inside the VM (via the relay)
  qmp.py --serve SOCKET DIR                   the relay (started by tools/vm/run)

ARGs are one JSON object, or KEY=VALUE pairs (VALUE is taken as JSON when it
is a number, true/false/null, an object or a list, else as a string), or a
single comma-separated "KEY=VALUE,..." string (the form of `-device` and of
the *.device lines in vmconf). Shorthands: `device_del ID` (and waits for
DEVICE_DELETED of ID), `hmp 'info pci'` (human-monitor-command; prints the
text). Prints the reply's "return" as JSON, then the awaited event if any.
Exit status 0 on success, 1 on a QMP error or timeout, 2 on bad usage.
"""

import argparse
import json
import os
import socket
import sys
import time


class QMPError(Exception):
    pass


class QMP:
    """One QMP session: greeting, capabilities negotiation, commands, events."""

    def __init__(self, path, timeout):
        self.deadline = time.monotonic() + timeout
        self.events = []
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        # QEMU may still be starting: the socket appears a moment later.
        while True:
            try:
                self.sock.connect(path)
                break
            except (FileNotFoundError, ConnectionRefusedError) as e:
                if time.monotonic() >= self.deadline:
                    raise QMPError(f"cannot connect to {path}: {e}") from e
                time.sleep(0.05)
        self.file = self.sock.makefile("rwb")
        greeting = self._read()
        if "QMP" not in greeting:
            raise QMPError(f"unexpected greeting from {path}: {greeting}")
        self.execute("qmp_capabilities")

    def close(self):
        self.file.close()
        self.sock.close()

    def _read(self):
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise QMPError("timed out")
        self.sock.settimeout(left)
        try:
            line = self.file.readline()
        except socket.timeout as e:
            raise QMPError("timed out") from e
        if not line:
            raise QMPError("QEMU closed the connection")
        return json.loads(line)

    def execute(self, command, arguments=None):
        msg = {"execute": command}
        if arguments:
            msg["arguments"] = arguments
        self.file.write(json.dumps(msg).encode() + b"\n")
        self.file.flush()
        while True:
            reply = self._read()
            if "event" in reply:
                self.events.append(reply)
            elif "return" in reply or "error" in reply:
                return reply

    def wait_event(self, name, match):
        """Wait for event NAME whose data contains the items of MATCH."""
        while True:
            for ev in self.events:
                data = ev.get("data", {})
                if ev["event"] == name and all(data.get(k) == v
                                               for k, v in match.items()):
                    self.events.remove(ev)
                    return ev
            self.events.clear()
            ev = self._read()
            if "event" in ev:
                self.events.append(ev)


def json_or_str(value):
    try:
        v = json.loads(value)
    except ValueError:
        return value
    return v if not isinstance(v, str) else value


def split_commas(text):
    """Split "a=1,b=x,,y" at single commas; ",," stands for a comma."""
    parts, cur, i = [], "", 0
    while i < len(text):
        if text[i] == ",":
            if text[i + 1:i + 2] == ",":
                cur += ","
                i += 2
                continue
            parts.append(cur)
            cur = ""
        else:
            cur += text[i]
        i += 1
    parts.append(cur)
    return [p for p in parts if p]


def build_request(command, args):
    """Turn the command line into (command, arguments, event, match)."""
    arguments, event, match = None, None, {}
    if command == "hmp":
        command = "human-monitor-command"
        arguments = {"command-line": " ".join(args)}
    elif command == "device_del" and len(args) == 1 and "=" not in args[0] \
            and not args[0].startswith("{"):
        arguments = {"id": args[0]}
    elif len(args) == 1 and args[0].lstrip().startswith("{"):
        arguments = json.loads(args[0])
    elif args:
        items = split_commas(args[0]) if len(args) == 1 else args
        if not items:
            raise ValueError("empty argument")
        arguments = {}
        for i, item in enumerate(items):
            if "=" not in item:
                # -device form: "nvme,id=x,..." names the driver first.
                if i == 0 and command == "device_add":
                    arguments["driver"] = item
                    continue
                raise ValueError(f"argument '{item}' is not KEY=VALUE")
            key, value = item.split("=", 1)
            arguments[key] = json_or_str(value)
    if command == "device_del" and arguments and "id" in arguments:
        event, match = "DEVICE_DELETED", {"device": arguments["id"]}
    return command, arguments, event, match


def run_request(path, command, arguments, event, match, timeout):
    """Execute one command on a fresh session; return a result dict."""
    qmp = QMP(path, timeout)
    try:
        reply = qmp.execute(command, arguments)
        result = {k: reply[k] for k in ("return", "error") if k in reply}
        if event and "error" not in reply:
            result["event"] = qmp.wait_event(event, match)
        return result
    finally:
        qmp.close()


def serve(path, folder):
    """Relay for the guest: execute each FOLDER/*.req, answer in *.rep."""
    os.makedirs(folder, exist_ok=True)
    while True:
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".req"):
                continue
            req_path = os.path.join(folder, name)
            try:
                with open(req_path, encoding="utf-8") as f:
                    req = json.load(f)
                result = run_request(path, req["execute"],
                                     req.get("arguments"), req.get("wait"),
                                     req.get("match", {}),
                                     float(req.get("timeout", 30)))
            except (OSError, ValueError, KeyError, QMPError) as e:
                result = {"error": {"class": "RelayError", "desc": str(e)}}
            rep = req_path[:-4] + ".rep"
            with open(rep + ".tmp", "w", encoding="utf-8") as f:
                json.dump(result, f)
            os.rename(rep + ".tmp", rep)
            os.unlink(req_path)
        time.sleep(0.05)


def via_relay(command, arguments, event, match, timeout):
    folder = os.environ.get("NVMETEST_QMP_RELAY")
    if not folder:
        raise QMPError("--guest: NVMETEST_QMP_RELAY is not set "
                       "(not inside tools/vm/run?)")
    base = os.path.join(folder, f"{os.getpid()}-{time.monotonic_ns()}")
    req = {"execute": command, "arguments": arguments, "wait": event,
           "match": match, "timeout": timeout}
    with open(base + ".tmp", "w", encoding="utf-8") as f:
        json.dump(req, f)
    os.rename(base + ".tmp", base + ".req")
    deadline = time.monotonic() + timeout + 10
    while not os.path.exists(base + ".rep"):
        if time.monotonic() >= deadline:
            raise QMPError("no answer from the host's relay")
        time.sleep(0.05)
    with open(base + ".rep", encoding="utf-8") as f:
        result = json.load(f)
    os.unlink(base + ".rep")
    return result


def main():
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--serve", nargs=2, metavar=("SOCKET", "DIR"),
                    help="relay requests from the guest (tools/vm/run does this)")
    ap.add_argument("--guest", action="store_true",
                    help="inside the VM: send the command through the relay")
    ap.add_argument("--timeout", type=float, default=30,
                    help="seconds for the command and the event (default 30)")
    ap.add_argument("--wait", metavar="EVENT",
                    help="after the reply, wait for this event")
    ap.add_argument("--no-wait", action="store_true",
                    help="device_del: do not wait for DEVICE_DELETED")
    ap.add_argument("words", nargs="*", metavar="[SOCKET] COMMAND [ARG]")
    opts = ap.parse_args()

    if opts.serve:
        serve(*opts.serve)
        return 0

    words = list(opts.words)
    if not opts.guest:
        if not words:
            ap.error("SOCKET missing")
        path = words.pop(0)
    if not words:
        ap.error("COMMAND missing")
    try:
        command, arguments, event, match = build_request(words[0], words[1:])
    except ValueError as e:
        ap.error(str(e))
    if opts.wait:
        event, match = opts.wait, {}
    if opts.no_wait:
        event = None

    try:
        if opts.guest:
            result = via_relay(command, arguments, event, match, opts.timeout)
        else:
            result = run_request(path, command, arguments, event, match,
                                 opts.timeout)
    except QMPError as e:
        print(f"qmp.py: {command}: {e}", file=sys.stderr)
        return 1
    if "error" in result:
        err = result["error"]
        print(f"qmp.py: {command}: {err.get('class')}: {err.get('desc')}",
              file=sys.stderr)
        return 1
    ret = result.get("return")
    if command == "human-monitor-command" and isinstance(ret, str):
        sys.stdout.write(ret)
    else:
        print(json.dumps(ret))
    if "event" in result:
        print(json.dumps(result["event"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
