"""One simulated Proxmox VE cluster of the real-NetBox tier, with a fault layer in front.

proxmox-sdk's schema-driven PVE 9.2 mock (``proxmox_sdk.mock``) answers the API; this ASGI
app sits in front of it, seeds it from one of this folder's cluster files at start, and can
be told at run time, over ``/__faults/...`` on the same port, to delay, fail or replace
answers. It also does what the mock does not: it keeps the cluster's HA arm state (a real
``arm-ha``/``disarm-ha`` changes the fencing row of ``/cluster/ha/status/current``) and logs
every write that reaches Proxmox, so a test can tell what proxbox-api really sent.

    PVE_CLUSTER_FILE=tests/netbox/pve/lab9.json uvicorn faults:app --app-dir tests/netbox/pve \
        --host 127.0.0.1 --port 58443 --ssl-keyfile key.pem --ssl-certfile cert.pem

Control routes (JSON; tests only, loopback only):
    GET    /__faults/writes     every non-GET request that reached the simulated Proxmox
    DELETE /__faults/writes     forget them
    PUT    /__faults/rules      [{"method": "GET", "path": "/api2/json/cluster/ha/*",
                                  "delay_ms": 300, "status": 500, "body": {...}}, ...]
                                every matching rule's delay adds up; the first matching rule
                                with a status answers in the simulator's place
    DELETE /__faults/rules      back to the cluster file's own rules
    PUT    /__faults/fencing    {"state": "disarmed", "mode": "freeze"} as if HA had been
                                disarmed in the Proxmox UI
"""

from __future__ import annotations

import asyncio
import fnmatch
import json
import os
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

API = "/api2/json"
CONTROL = "/__faults"

cluster = json.loads(Path(os.environ["PVE_CLUSTER_FILE"]).read_text())

# The simulator reads its fixed answers from a file named in its environment, keyed by route.
_routes = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
json.dump(cluster["routes"], _routes)
_routes.close()
os.environ.update(
    PROXMOX_MOCK_DATA_PATH=_routes.name,
    PROXMOX_MOCK_SCHEMA_VERSION="9.2",
    PROXMOX_MOCK_STORE="dict",
    PROXMOX_MOCK_STATE_NAMESPACE=cluster["name"],
)

from proxmox_sdk.mock.app import create_mock_app  # noqa: E402  (reads the environment above)

simulator = create_mock_app()


class State:
    def __init__(self) -> None:
        self.rules: list[dict] = list(cluster.get("rules", []))
        self.writes: list[dict] = []
        # None: as the cluster file says; else {"state": ..., "mode": ...}.
        self.fencing: dict | None = None


state = State()


async def call(method: str, path: str, body: object = None) -> tuple[int, bytes]:
    """One request to the simulator itself, in process (for seeding)."""
    raw = b"" if body is None else json.dumps(body).encode()
    path, _, query = path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "https",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query.encode(),
        "headers": [(b"content-type", b"application/json")],
        "client": ("127.0.0.1", 0),
        "server": ("127.0.0.1", 0),
    }
    sent = [{"type": "http.request", "body": raw, "more_body": False}]
    answer: dict = {"status": 0, "body": b""}

    async def receive():
        return sent.pop(0) if sent else {"type": "http.disconnect"}

    async def send(message):
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
        elif message["type"] == "http.response.body":
            answer["body"] += message.get("body", b"")

    await simulator(scope, receive, send)
    return answer["status"], answer["body"]


async def seed() -> None:
    """The cluster file's HA resources, rules and groups, added as Proxmox's own API would;
    the SIDs it names as absent answer 404, as on a cluster that does not manage them (the
    simulator invents a resource for any SID it was not told about)."""
    for kind, key in (("resources", "sid"), ("rules", "rule"), ("groups", "group")):
        for member in cluster.get("members", {}).get(kind, []):
            status, body = await call(
                "POST", f"{API}/cluster/ha/{kind}?{urlencode(member)}", member
            )
            if status != 200:
                raise RuntimeError(f"seeding {kind} {member[key]}: {status} {body[:200]!r}")
    for sid in cluster.get("absent", []):
        status, body = await call("DELETE", f"{API}/cluster/ha/resources/{sid}")
        if status != 200:
            raise RuntimeError(f"removing {sid}: {status} {body[:200]!r}")


def fencing_rows(rows: list, fencing: dict) -> list:
    """The status rows as Proxmox VE 9.2 words them once HA is armed or disarmed
    (pve-ha-manager's ``API2/HA/Status.pm``)."""
    armed = fencing["state"] == "armed"
    mode = fencing.get("mode") or "freeze"
    for row in rows:
        if row.get("type") == "fencing":
            row.pop("resource_mode", None)
            if armed:
                row.update(status="armed (CRM watchdog active)", **{"armed-state": "armed"})
            else:
                watchdog = "released" if fencing["state"] == "disarmed" else "active"
                row.update(
                    status=f"{fencing['state']}, resource mode: {mode} (CRM watchdog {watchdog})",
                    resource_mode=mode,
                    **{"armed-state": fencing["state"]},
                )
        elif row.get("type") == "master" and not armed:
            row["status"] = (
                row["status"].split(" - ")[0] + f" - {fencing['state']}, resource mode: {mode}"
            )
    return rows


async def respond(send, status: int, body: object) -> None:
    raw = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json;charset=UTF-8"),
                (b"content-length", str(len(raw)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": raw})


async def read_body(receive) -> bytes:
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            return body


async def control(scope, receive, send) -> None:
    method, what = scope["method"], scope["path"][len(CONTROL) :].strip("/")
    body = await read_body(receive)
    if what == "writes" and method == "GET":
        return await respond(send, 200, state.writes)
    if what == "writes" and method == "DELETE":
        state.writes.clear()
        return await respond(send, 200, [])
    if what == "rules" and method == "PUT":
        state.rules = json.loads(body or b"[]")
        return await respond(send, 200, state.rules)
    if what == "rules" and method == "DELETE":
        state.rules = list(cluster.get("rules", []))
        return await respond(send, 200, state.rules)
    if what == "fencing" and method == "PUT":
        state.fencing = json.loads(body)
        return await respond(send, 200, state.fencing)
    return await respond(send, 404, {"error": f"no control route {method} {what}"})


async def lifespan(receive, send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            try:
                await seed()
            except Exception as error:  # noqa: BLE001  (said, then the process stops)
                await send({"type": "lifespan.startup.failed", "message": str(error)})
                return
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def app(scope, receive, send) -> None:
    if scope["type"] == "lifespan":
        return await lifespan(receive, send)
    path, method = scope["path"], scope["method"]
    if path.startswith(CONTROL):
        return await control(scope, receive, send)
    rules = [
        r
        for r in state.rules
        if r.get("method", "*") in ("*", method) and fnmatch.fnmatchcase(path, r.get("path", "*"))
    ]
    delay = sum(r.get("delay_ms", 0) for r in rules)
    if delay:
        await asyncio.sleep(delay / 1000)
    answer = next((r for r in rules if "status" in r), None)
    body = await read_body(receive)
    if method != "GET" and path.startswith(API):
        query = dict(parse_qsl(scope["query_string"].decode()))
        state.writes.append(
            {
                "method": method,
                "path": path[len(API) :],
                "query": query,
                "body": body.decode(errors="replace"),
                "at": time.time(),
                "answered": answer["status"] if answer else None,
            }
        )
    if answer is not None:
        return await respond(send, answer["status"], answer.get("body", {"data": None}))

    replay = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive_again():
        return replay.pop(0) if replay else await receive()

    rewrite = (
        state.fencing is not None and method == "GET" and path == f"{API}/cluster/ha/status/current"
    )
    if not rewrite:
        return await forward(scope, receive_again, send, path, method)
    # Buffer the simulator's answer and word the fencing state as Proxmox would.
    start, chunks = {}, []

    async def keep(message):
        if message["type"] == "http.response.start":
            start.update(message)
        else:
            chunks.append(message.get("body", b""))

    await simulator(scope, receive_again, keep)
    rows = fencing_rows(json.loads(b"".join(chunks)), state.fencing)
    await respond(send, start.get("status", 200), rows)


async def forward(scope, receive, send, path: str, method: str) -> None:
    """The simulator answers; an accepted arm-ha or disarm-ha changes the arm state, as the
    CRM would a moment later."""
    status = {}

    async def watch(message):
        if message["type"] == "http.response.start":
            status["code"] = message["status"]
        await send(message)

    await simulator(scope, receive, watch)
    if method == "POST" and status.get("code") == 200:
        query = dict(parse_qsl(scope["query_string"].decode()))
        if path == f"{API}/cluster/ha/status/arm-ha":
            state.fencing = {"state": "armed"}
        elif path == f"{API}/cluster/ha/status/disarm-ha":
            state.fencing = {"state": "disarmed", "mode": query.get("resource-mode", "freeze")}
