"""The plugin's pages and files as NetBox serves them, through NetBox's URLs and middleware."""

import gzip
import json
import re
import tempfile
from pathlib import Path
from unittest import mock

from django.test import TestCase
from users.models import User

from .. import assets
from ..contract import CSP, FRAME_MESSAGES, SETTINGS_META_NAME

WASM = "proxbox-ha-0123456789abcdef_bg.wasm"
PAGE = (
    "<!DOCTYPE html><html><head>"
    f'<link rel="preload" href="/plugins/proxbox-ha/{WASM}">'
    "</head><body></body></html>"
)


class PluginPagesTests(TestCase):
    def setUp(self):
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        app = Path(folder.name)
        for name in ("ha.html", "index.html", "embed.html"):
            (app / name).write_text(PAGE)
        self.wasm = b"\0asm" + bytes(range(256)) * 64
        (app / WASM).write_bytes(self.wasm)
        (app / f"{WASM}.gz").write_bytes(gzip.compress(self.wasm, 9))
        (app / f"{WASM}.br").write_bytes(b"brotli-bytes")
        patcher = mock.patch.object(assets, "APP_DIR", app)
        patcher.start()
        self.addCleanup(patcher.stop)
        for cached in (assets.build_files, assets.page_preloads):
            cached.cache_clear()
            self.addCleanup(cached.cache_clear)
        self.user = User.objects.create_user("reader", password="pw-0123456789")
        self.client.force_login(self.user)

    def test_the_status_page_carries_its_settings_and_the_strict_policy(self):
        response = self.client.get("/plugins/proxbox-ha/ha.html")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Cache-Control"], "no-cache")
        self.assertEqual(response["Content-Security-Policy"], CSP)
        self.assertIn("script-src 'self' 'wasm-unsafe-eval'", CSP)
        meta = re.search(
            rf'<meta name="{SETTINGS_META_NAME}" content="([^"]+)">', response.content.decode()
        )
        settings = json.loads(meta.group(1).replace("&quot;", '"'))
        self.assertEqual(settings["netbox_url"], "/")
        self.assertEqual(settings["refresh_seconds"], 30)
        self.assertIs(settings["token_setting"], False)
        self.assertTrue(settings["csrf_token"])

    def test_the_menu_entry_frames_the_status_page_inside_netboxs_layout(self):
        response = self.client.get("/plugins/proxbox-ha/ha")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("<title>HA Status (live)", html)
        self.assertIn('data-src="/plugins/proxbox-ha/ha.html?embed=1"', html)
        self.assertIn("data-keep-query", html)
        # The frame's files and the summary start loading with NetBox's page.
        self.assertIn(
            f'<link rel="preload" href="/plugins/proxbox-ha/{WASM}" as="fetch" '
            'crossorigin="anonymous">',
            html,
        )
        self.assertIn(
            '<link rel="preload" href="/api/plugins/proxbox/ha/summary/" as="fetch"', html
        )
        # The frame's message types, for frame.html's script.
        messages = re.search(
            r'<script id="proxbox-ha-messages" type="application/json">([^<]+)</script>', html
        )
        self.assertEqual(json.loads(messages.group(1)), FRAME_MESSAGES)
        # NetBox's own layout: its navigation is on the page, the app's settings are not.
        self.assertIn("proxbox-ha/ha", html)
        self.assertNotIn(SETTINGS_META_NAME, html)

    def test_anonymous_users_are_sent_to_log_in(self):
        self.client.logout()
        response = self.client.get("/plugins/proxbox-ha/ha")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/login/?next=/plugins/proxbox-ha/ha", response["Location"])

    def test_files_come_compressed_as_the_browser_allows_and_raw_otherwise(self):
        url = f"/plugins/proxbox-ha/{WASM}"
        raw = self.client.get(url)
        self.assertEqual(raw["Content-Type"], "application/wasm")
        self.assertNotIn("Content-Encoding", raw)
        # NetBox's middleware sets Vary on every response: Accept-Encoding must stay in it.
        self.assertIn("Accept-Encoding", [v.strip() for v in raw["Vary"].split(",")])
        self.assertEqual(raw.content, self.wasm)
        self.assertEqual(raw["Content-Length"], str(len(self.wasm)))
        self.assertEqual(raw["Cache-Control"], "public, max-age=31536000, immutable")
        gzipped = self.client.get(url, headers={"accept-encoding": "gzip"})
        self.assertEqual(gzipped["Content-Encoding"], "gzip")
        self.assertEqual(gzip.decompress(gzipped.content), self.wasm)
        self.assertEqual(gzipped["Content-Length"], str(len(gzipped.content)))
        brotli = self.client.get(url, headers={"accept-encoding": "gzip, deflate, br"})
        self.assertEqual((brotli["Content-Encoding"], brotli.content), ("br", b"brotli-bytes"))

    def test_only_the_builds_own_names_are_served(self):
        for name in (f"{WASM}.br", "views.py", "..%2fviews.py", "nope.wasm", "ha.html.gz"):
            with self.subTest(name=name):
                self.assertEqual(self.client.get(f"/plugins/proxbox-ha/{name}").status_code, 404)
