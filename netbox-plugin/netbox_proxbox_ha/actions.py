"""Arming and disarming HA: netbox-proxbox's own routes, with the NetBox user as proxbox-api's
actor.

proxbox-api 0.0.30 refuses every Proxmox write without an ``X-Proxbox-Actor`` header (422
``actor_required``), and netbox-proxbox 0.0.29's routes send none, so they cannot work. These
views are those routes (their permission, ``run_proxmox_action`` on the endpoint; session and
CSRF only, never an API token; ``allow_writes`` on the NetBox endpoint; the same answers), with
the header added. Disarm is sent only when proxbox-api declares that it takes Proxmox's
resource mode (PVE 9.2's disarm-ha requires one), and only with the mode the user chose.
"""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.views import View
from netbox_proxbox.services.backend_context import get_fastapi_request_context
from netbox_proxbox.views.ha_actions import HaArmView, HaDisarmView
from utilities.views import ConditionalLoginRequiredMixin

from .backend import read_disarm_support

ACTOR_HEADER = "X-Proxbox-Actor"


class ActorMixin:
    """Sends each endpoint's request as netbox-proxbox does, with the NetBox user as actor."""

    extra_query: dict[str, str] = {}

    def _post_endpoint(self, url, endpoint, backend_endpoint_id, ctx):
        headers = {**(ctx.headers or {}), ACTOR_HEADER: self.request.user.get_username()}
        if self.extra_query:
            url = f"{url}?{urlencode(self.extra_query)}"
        ctx = ctx.model_copy(update={"headers": headers})
        return super()._post_endpoint(url, endpoint, backend_endpoint_id, ctx)


class ArmView(ActorMixin, HaArmView):
    """``POST ha/arm/``: arms HA on the endpoint (``endpoint_id``) or on every endpoint the user
    may change."""


class DisarmView(ActorMixin, HaDisarmView):
    """``POST ha/disarm/`` with ``resource_mode``: only where proxbox-api takes the mode."""

    def post(self, request):
        ctx = get_fastapi_request_context()
        if ctx is None or not ctx.http_url:
            return JsonResponse({"error": "No FastAPI backend endpoint is configured."}, status=503)
        support = read_disarm_support(ctx)
        if support.parameter is None:
            return JsonResponse(
                {"error": support.reason, "reason": "disarm_unsupported"}, status=409
            )
        mode = request.POST.get("resource_mode", "")
        if mode not in support.modes:
            return JsonResponse(
                {"error": f"resource_mode must be one of: {', '.join(support.modes)}."}, status=400
            )
        self.extra_query = {support.parameter: mode}
        return super().post(request)


class ActionsView(ConditionalLoginRequiredMixin, View):
    """``GET ha/actions/``: what the HA actions can do on this backend, before anyone asks
    for one: arm always; disarm only where proxbox-api takes Proxmox's resource mode."""

    def get(self, request):
        ctx = get_fastapi_request_context()
        if ctx is None or not ctx.http_url:
            return JsonResponse({"error": "No FastAPI backend endpoint is configured."}, status=503)
        return JsonResponse(
            {"arm": {"available": True}, "disarm": read_disarm_support(ctx).as_json()}
        )
