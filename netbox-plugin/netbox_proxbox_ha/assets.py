"""The app's release build (``app/``, put there by tools/package.sh): its files by name, as
NetBox serves them, and the preload tags of the frame's files."""

import gzip
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.urls import reverse
from django.utils.html import escape

APP_DIR = Path(__file__).parent / "app"
# The --public-url of tools/package.sh; rewritten where NetBox runs under a BASE_PATH.
BUILT_BASE = "/plugins/proxbox-ha/"
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


# tools/package.sh writes a brotli and a gzip copy next to each hashed file.
ENCODINGS = {"br": ".br", "gzip": ".gz"}


@dataclass(frozen=True)
class Asset:
    """One file of the build, and its compressed copies by content coding."""

    body: bytes
    encoded: dict[str, bytes] = field(default_factory=dict)

    def best(self, accept_encoding: str) -> tuple[str | None, bytes]:
        """The smallest copy the request accepts: (content coding or None, bytes)."""
        accepted = accepted_codings(accept_encoding)
        for coding in ENCODINGS:
            if coding in self.encoded and coding in accepted:
                return coding, self.encoded[coding]
        return None, self.body


def accepted_codings(header: str) -> set[str]:
    """The content codings an ``Accept-Encoding`` header allows (``q=0`` refuses one;
    ``*`` stands for any other)."""
    allowed, refused, anything = set(), set(), False
    for item in header.split(","):
        coding, _, params = item.strip().partition(";")
        coding = coding.strip().lower()
        quality = (
            params.strip().removeprefix("q=").strip() if params.strip().startswith("q=") else "1"
        )
        try:
            accepted = float(quality) > 0
        except ValueError:
            accepted = False
        if coding == "*":
            anything = accepted
        elif coding:
            (allowed if accepted else refused).add(coding)
    return (set(ENCODINGS) - refused if anything else set()) | allowed


def _asset(path: Path, base: str) -> Asset:
    body = path.read_bytes()
    if path.suffix in (".html", ".js") and base != BUILT_BASE:
        # Rewritten for this NetBox's BASE_PATH: the build's copies no longer match.
        text = rebase(body.decode(), base).encode()
        if text != body:
            return Asset(text, {"gzip": gzip.compress(text, 9)} if HASHED.search(path.name) else {})
    copies = {c: path.with_name(path.name + s) for c, s in ENCODINGS.items()}
    return Asset(body, {c: p.read_bytes() for c, p in copies.items() if p.is_file()})


@cache
def build_files(base: str) -> dict[str, Asset]:
    """The build's files by name, pointed at ``base``: the only names ever served; no path
    is ever made from a request."""
    if not APP_DIR.is_dir():
        return {}
    files = [p for p in APP_DIR.iterdir() if p.is_file() and p.suffix not in ENCODINGS.values()]
    return {p.name: _asset(p, base) for p in files}


def served_files() -> dict[str, Asset]:
    return build_files(reverse("plugins:netbox_proxbox_ha:app"))


PRELOAD_AS = {".js": "script", ".wasm": "fetch", ".css": "style"}


@cache
def page_preloads(name: str, base: str) -> tuple[str, ...]:
    """Preload tags for the files the app's page ``name`` loads, for the NetBox page that
    frames it: their downloads start with that page, not after the frame's own HTML; the
    frame then finds them in the HTTP cache (they are named by their content and cached for
    good). ``base``: where NetBox serves the build; the build does not change while NetBox
    runs."""
    page = build_files(base).get(name)
    html = page.body.decode() if page else ""
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
