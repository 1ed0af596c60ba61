"""Serves the app's release build (``app/``, put there by tools/package.sh) on NetBox's origin.

The page needs no config.json and no token: NetBox's origin and the user's session are the
defaults, and ``PLUGINS_CONFIG["netbox_proxbox_ha"]`` arrives in a ``<meta>`` tag.
"""

import json
import re
from functools import cache
from pathlib import Path

from django.http import HttpResponse, HttpResponseNotFound
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import escape
from django.views import View
from netbox.plugins import get_plugin_config
from utilities.views import ConditionalLoginRequiredMixin
from virtualization.models import VirtualMachine

from .identity import known_vm

APP_DIR = Path(__file__).parent / "app"
# The --public-url of tools/package.sh; rewritten where NetBox runs under a BASE_PATH.
BUILT_BASE = "/plugins/proxbox-ha/"
# The policy the project's README documents: no inline script or style, no eval; the one
# allowance compiles WebAssembly.
CSP = (
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self'; connect-src 'self'; base-uri 'self'; form-action 'none'; "
    "frame-ancestors 'self'"
)
CONTENT_TYPES = {
    ".wasm": "application/wasm",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
}
# trunk and tools/externalize-boot.sh name files by their content: they never change.
HASHED = re.compile(r"-[0-9a-f]{8,}(_bg)?\.[a-z]+$")


def rebase(text: str, base: str) -> str:
    """Points the build's absolute paths at where NetBox serves the plugin."""
    return text if base == BUILT_BASE else text.replace(BUILT_BASE, base)


@cache
def build_files(base: str) -> dict[str, bytes]:
    """The build's files by name, pointed at ``base``: the only names ever served; no path
    is ever made from a request."""
    if not APP_DIR.is_dir():
        return {}
    files = {p.name: p.read_bytes() for p in APP_DIR.iterdir() if p.is_file()}
    return {
        name: rebase(body.decode(), base).encode() if name.endswith((".html", ".js")) else body
        for name, body in files.items()
    }


def served_files() -> dict[str, bytes]:
    return build_files(reverse("plugins:netbox_proxbox_ha:app"))


def settings(request) -> dict:
    """The app's settings on NetBox: its session signs in, so no API-token setting; NetBox's
    API is on this origin, under its BASE_PATH; the CSRF token netbox-proxbox's HA arm and
    disarm routes check (NetBox's CSRF cookie is HttpOnly: the page must hand it over)."""
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
    meta = f'<meta name="proxbox-ha-config" content="{escape(json.dumps(config))}">'
    text = html.decode().replace("</head>", f"{meta}</head>", 1)
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


PRELOAD_AS = {".js": "script", ".wasm": "fetch", ".css": "style"}


@cache
def embed_preloads(base: str) -> tuple[str, ...]:
    """Preload tags for the files ``embed.html`` loads, for the page that frames it: their
    downloads start with that page, not after the frame's own HTML; the frame then finds
    them in the HTTP cache (they are named by their content and cached for good). ``base``:
    where NetBox serves the build; the build does not change while NetBox runs."""
    html = build_files(base).get("embed.html", b"").decode()
    names = re.findall(r'(?:href|src)="(?:[^"]*/)?([^"/]+)"', html)
    return tuple(
        # The frame loads its stylesheet without CORS, its script and wasm with it: the same
        # mode here, or the cache keeps them apart.
        f'<link rel="preload" href="{escape(base + name)}" as="{PRELOAD_AS[Path(name).suffix]}"'
        + ("" if name.endswith(".css") else ' crossorigin="anonymous"')
        + ">"
        for name in dict.fromkeys(names)
        if HASHED.search(name) and Path(name).suffix in PRELOAD_AS
    )


def asset(request, name):
    """One file of the build, by exact name, with its content type and caching."""
    body = served_files().get(name)
    suffix = Path(name).suffix
    if body is None or suffix not in CONTENT_TYPES:
        return not_found(request)
    response = HttpResponse(body, content_type=CONTENT_TYPES[suffix])
    immutable = HASHED.search(name) is not None
    response["Cache-Control"] = "public, max-age=31536000, immutable" if immutable else "no-cache"
    return response


def not_found(request, **kwargs):
    return HttpResponseNotFound("Not found.", content_type="text/plain; charset=utf-8")
