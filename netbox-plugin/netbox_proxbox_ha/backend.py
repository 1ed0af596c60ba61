"""What this plugin asks proxbox-api itself, through netbox-proxbox's own backend settings and
endpoint scoping: the HA summary of one Proxmox endpoint at a time (when the combined summary
fails), and what its HA disarm route accepts (from its OpenAPI document).

netbox-proxbox is imported inside the functions: without it the plugin still loads, and the
app says the plugin is missing.
"""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import requests

# proxbox-api's own timeout per Proxmox call is 5 s, and a session takes three of them.
SUMMARY_TIMEOUT_SECONDS = 15
OPENAPI_TIMEOUT_SECONDS = 10
DISARM_PATH = "/proxmox/cluster/ha/disarm"
# Proxmox VE 9.2's disarm-ha requires `resource-mode` (freeze or ignore).
MODE_NAMES = ("resource-mode", "resource_mode", "mode")
NO_MODE = (
    "proxbox-api's HA disarm route (POST /proxmox/cluster/ha/disarm) sends no resource mode, "
    "which Proxmox VE 9.2's disarm-ha requires (freeze or ignore), so Proxmox would refuse it. "
    "Disarm HA in the Proxmox web UI instead: Datacenter → HA → Disarm HA."
)


@dataclass
class DisarmSupport:
    """Whether proxbox-api can disarm HA, and how it takes Proxmox's resource mode."""

    parameter: str | None = None
    modes: list[str] = field(default_factory=list)
    reason: str | None = None

    def as_json(self) -> dict:
        if self.parameter is None:
            return {"available": False, "reason": self.reason}
        return {"available": True, "modes": self.modes}


def disarm_support(openapi: object) -> DisarmSupport:
    """Reads proxbox-api's OpenAPI document: does ``POST /proxmox/cluster/ha/disarm`` take a
    resource mode, as a query parameter, and with which values?"""
    paths = openapi.get("paths") if isinstance(openapi, dict) else None
    operation = (paths or {}).get(DISARM_PATH, {}).get("post")
    if not isinstance(operation, dict):
        return DisarmSupport(
            reason="proxbox-api has no HA disarm route (POST /proxmox/cluster/ha/disarm)."
        )
    for parameter in operation.get("parameters") or []:
        if not isinstance(parameter, dict) or parameter.get("in") != "query":
            continue
        if parameter.get("name") in MODE_NAMES:
            schema = parameter.get("schema") or {}
            choices = schema.get("enum") or [
                value for option in schema.get("anyOf") or [] for value in option.get("enum") or []
            ]
            modes = [m for m in choices if m in ("freeze", "ignore")] or ["freeze", "ignore"]
            return DisarmSupport(parameter=parameter["name"], modes=modes)
    return DisarmSupport(reason=NO_MODE)


def read_disarm_support(ctx) -> DisarmSupport:
    """Asks proxbox-api what its disarm route takes; says why when it cannot be told."""
    try:
        response = requests.get(
            f"{ctx.http_url}/openapi.json",
            headers=ctx.headers or {},
            timeout=OPENAPI_TIMEOUT_SECONDS,
            verify=ctx.verify_ssl,
            allow_redirects=False,
        )
        response.raise_for_status()
        return disarm_support(response.json())
    except (requests.exceptions.RequestException, ValueError) as error:
        return DisarmSupport(
            reason=f"Could not read which HA actions proxbox-api takes (its /openapi.json: {error}). "
            "Disarm HA in the Proxmox web UI instead: Datacenter → HA → Disarm HA."
        )


def endpoint_answer(endpoint, backend_id: int | None, ctx) -> dict:
    """proxbox-api's HA summary of one Proxmox endpoint, or what it answered instead."""
    from netbox_proxbox.services._endpoint_errors import translate_request_exception

    row = {
        "endpoint_id": endpoint.pk,
        "endpoint_name": str(endpoint),
        "address": f"{endpoint.domain or endpoint.ip_address}:{endpoint.port}",
    }
    if backend_id is None:
        return {**row, "ok": False, "error": "This endpoint is not registered on proxbox-api."}
    try:
        response = requests.get(
            f"{ctx.http_url}/proxmox/cluster/ha/summary",
            params={"source": "database", "proxmox_endpoint_ids": str(backend_id)},
            headers=ctx.headers or {},
            timeout=SUMMARY_TIMEOUT_SECONDS,
            verify=ctx.verify_ssl,
            allow_redirects=False,
        )
    except requests.exceptions.RequestException as error:
        return {**row, "ok": False, "error": translate_request_exception(error)}
    try:
        body = response.json()
    except ValueError:
        body = response.text[:600]
    if response.ok and isinstance(body, dict):
        return {**row, "ok": True, "summary": body}
    return {**row, "ok": False, "status_code": response.status_code, "body": body}


def summaries_by_endpoint(user) -> tuple[int, dict]:
    """Each enabled Proxmox endpoint ``user`` may view, read on its own and at the same time,
    with netbox-proxbox's own scoping: (HTTP status, answer)."""
    from netbox_proxbox.models import ProxmoxEndpoint
    from netbox_proxbox.services.backend_context import get_fastapi_request_context
    from netbox_proxbox.services.endpoint_scope import (
        enabled_backend_endpoint_scope,
        viewable_enabled_endpoint_ids,
    )

    ctx = get_fastapi_request_context()
    if ctx is None or not ctx.http_url:
        return 503, {"detail": "No FastAPI backend endpoint is configured."}
    endpoints = list(
        ProxmoxEndpoint.objects.filter(pk__in=viewable_enabled_endpoint_ids(user)).order_by("pk")
    )
    if not endpoints:
        return 200, {"detail": "No enabled Proxmox endpoints configured."}
    _, backend_ids, error = enabled_backend_endpoint_scope(
        endpoint_ids=[e.pk for e in endpoints],
        base_url=ctx.http_url,
        auth_headers=ctx.headers or {},
        backend_verify_ssl=ctx.verify_ssl,
        timeout=SUMMARY_TIMEOUT_SECONDS,
    )
    if error:
        return 502, {"detail": error}
    with ThreadPoolExecutor(max_workers=min(8, len(endpoints))) as pool:
        rows = list(pool.map(lambda e: endpoint_answer(e, backend_ids.get(e.pk), ctx), endpoints))
    return 200, {"endpoints": rows}
