"""NetBox's pages of the app: the HA Status page and the whole app (the build's own pages, with
their settings), the frame's page (``embed.html``), the build's files, and the ``HA live`` tab
on every VirtualMachine that has a Proxmox id (NetBox's own VM page framing the VM tab).

The pages need no config.json and no token: NetBox's origin and the user's session are the
defaults, and ``PLUGINS_CONFIG["netbox_proxbox_ha"]`` arrives in a ``<meta>`` tag.
"""

import json
from pathlib import Path

from django.http import HttpResponse, HttpResponseNotFound
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.views import View
from netbox.plugins import get_plugin_config
from netbox.views import generic
from utilities.views import ConditionalLoginRequiredMixin, ViewTab, register_model_view
from virtualization.models import VirtualMachine

from .assets import CONTENT_TYPES, HASHED, page_preloads, served_files
from .contract import CSP, FRAME_MESSAGES, SETTINGS_META_NAME, vm_ha_path
from .identity import known_vm, proxmox_identity


def settings(request) -> dict:
    """The app's settings on NetBox: its session signs in, so no API-token setting; NetBox's
    API is on this origin, under its BASE_PATH; the CSRF token the HA arm and disarm routes
    check (NetBox's CSRF cookie is HttpOnly: the page must hand it over)."""
    return {
        "netbox_url": reverse("home"),
        "refresh_seconds": get_plugin_config("netbox_proxbox_ha", "refresh_seconds"),
        "token_setting": False,
        "csrf_token": get_token(request),
    }


def page(name: str, config: dict) -> HttpResponse:
    """One of the app's pages with the settings, never cached, under the CSP."""
    html = served_files().get(name)
    if html is None:
        return HttpResponse(
            "The proxbox-ha build is missing from this package: build it with tools/package.sh.",
            status=500,
            content_type="text/plain; charset=utf-8",
        )
    meta = f'<meta name="{SETTINGS_META_NAME}" content="{escape(json.dumps(config))}">'
    text = html.body.decode().replace("</head>", f"{meta}</head>", 1)
    response = HttpResponse(text, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Content-Security-Policy"] = CSP
    return response


class AppPage(ConditionalLoginRequiredMixin, View):
    """Every route of the app (``vm/<id>``, ``vmid/<n>``) answers with its page; ``ha``, the
    HA Status page NetBox's menu opens, with its own lean page (``ha.html``)."""

    page_name = "index.html"

    def get(self, request, **kwargs):
        return page(self.page_name, settings(request))


class StatusPage(ConditionalLoginRequiredMixin, View):
    """``ha``, NetBox's menu entry: the HA Status page inside NetBox's own layout, the app's
    ``ha.html`` framed (which static hosting serves as a page of its own)."""

    def get(self, request):
        base = reverse("plugins:netbox_proxbox_ha:app")
        context = {
            "frame_src": f"{base}ha.html?embed=1",
            "preloads": page_preloads("ha.html", base),
            "frame_messages": FRAME_MESSAGES,
            "shim_url": f"{reverse('home')}api/plugins/proxbox/ha/summary/",
        }
        return render(request, "netbox_proxbox_ha/ha_status.html", context)


class EmbedPage(ConditionalLoginRequiredMixin, View):
    """``embed.html?vm=<id>``: the VM tab alone, for the HA live tab's frame. The VM is read
    here with the user's permissions and handed to the app (the tab's page has preloaded the
    shim's answer, which the frame fetches through it); the shim still checks the VM and its
    id itself."""

    def get(self, request):
        config = settings(request)
        vm_id = request.GET.get("vm", "")
        if vm_id.isascii() and vm_id.isdigit():
            vm = VirtualMachine.objects.restrict(request.user, "view").filter(pk=int(vm_id)).first()
            if vm is not None:
                config["vm"] = known_vm(vm)
        return page("embed.html", config)


class CompressibleResponse(HttpResponse):
    """A file that comes in several content codings. Whatever a middleware sets as ``Vary``
    later (NetBox's assigns ``HX-Request`` to every response), ``Accept-Encoding`` stays in
    it: else a cache could hand a brotli body to a client that takes none."""

    def __setitem__(self, header, value):
        super().__setitem__(header, value)
        if header.lower() == "vary":
            patch_vary_headers(self, ["Accept-Encoding"])


def asset(request, name):
    """One file of the build, by exact name, with its content type and caching; the
    smallest compressed copy the browser accepts (nothing in NetBox compresses it)."""
    file = served_files().get(name)
    suffix = Path(name).suffix
    if file is None or suffix not in CONTENT_TYPES:
        return not_found(request)
    coding, body = file.best(request.headers.get("Accept-Encoding", ""))
    kind = CompressibleResponse if file.encoded else HttpResponse
    response = kind(body, content_type=CONTENT_TYPES[suffix])
    response["Content-Length"] = str(len(body))
    if file.encoded:
        patch_vary_headers(response, ["Accept-Encoding"])
    if coding:
        response["Content-Encoding"] = coding
    immutable = HASHED.search(name) is not None
    response["Cache-Control"] = "public, max-age=31536000, immutable" if immutable else "no-cache"
    return response


def not_found(request, **kwargs):
    return HttpResponseNotFound("Not found.", content_type="text/plain; charset=utf-8")


@register_model_view(VirtualMachine, "ha_live", path="ha-live")
class VirtualMachineHALive(generic.ObjectView):
    queryset = VirtualMachine.objects.all()
    template_name = "netbox_proxbox_ha/virtualmachine_ha_live.html"
    tab = ViewTab(
        label="HA live",
        permission="virtualization.view_virtualmachine",
        weight=1410,
        visible=lambda vm: "proxmox_vm_id" in proxmox_identity(vm),
    )

    def get_extra_context(self, request, instance):
        base = reverse("plugins:netbox_proxbox_ha:app")
        context = {
            "frame_src": f"{base}embed.html?vm={instance.pk}",
            "preloads": page_preloads("embed.html", base),
            "frame_messages": FRAME_MESSAGES,
        }
        vmid = proxmox_identity(instance).get("proxmox_vm_id")
        if vmid is not None:
            # The frame's first request, started with this page.
            context["shim_url"] = reverse("home").rstrip("/") + vm_ha_path(vmid, instance.pk)
        return context
