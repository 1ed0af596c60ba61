"""The build's files as the plugin serves them: names, content types, compressed copies."""

import gzip
import tempfile
from pathlib import Path
from unittest import mock

from django.test import SimpleTestCase

from .. import assets
from ..assets import Asset, accepted_codings


class AcceptEncodingTests(SimpleTestCase):
    def test_codings_a_browser_accepts(self):
        self.assertEqual(
            accepted_codings("gzip, deflate, br, zstd"), {"gzip", "deflate", "br", "zstd"}
        )
        self.assertEqual(accepted_codings(""), set())
        self.assertEqual(accepted_codings("identity"), {"identity"})

    def test_quality_zero_refuses_and_star_stands_for_the_rest(self):
        self.assertEqual(accepted_codings("br;q=0, gzip;q=0.5"), {"gzip"})
        self.assertEqual(accepted_codings("*"), {"br", "gzip"})
        self.assertEqual(accepted_codings("*;q=1, br;q=0"), {"gzip"})
        self.assertEqual(accepted_codings("gzip;q=nonsense"), set())

    def test_the_best_copy_the_request_allows(self):
        asset = Asset(b"raw", {"br": b"b", "gzip": b"g"})
        self.assertEqual(asset.best("gzip, deflate, br"), ("br", b"b"))
        self.assertEqual(asset.best("gzip"), ("gzip", b"g"))
        self.assertEqual(asset.best(""), (None, b"raw"))
        self.assertEqual(Asset(b"raw").best("br, gzip"), (None, b"raw"))


class BuildFilesTests(SimpleTestCase):
    def setUp(self):
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.app = Path(folder.name)
        patcher = mock.patch.object(assets, "APP_DIR", self.app)
        patcher.start()
        self.addCleanup(patcher.stop)
        assets.build_files.cache_clear()
        self.addCleanup(assets.build_files.cache_clear)

    def write(self, name, body):
        (self.app / name).write_bytes(body)

    def test_compressed_copies_are_kept_beside_their_file_never_served_by_name(self):
        self.write("app-0123456789abcdef_bg.wasm", b"\0asm")
        self.write("app-0123456789abcdef_bg.wasm.br", b"brotli")
        self.write("app-0123456789abcdef_bg.wasm.gz", b"gzip")
        files = assets.build_files(assets.BUILT_BASE)
        self.assertEqual(list(files), ["app-0123456789abcdef_bg.wasm"])
        wasm = files["app-0123456789abcdef_bg.wasm"]
        self.assertEqual(wasm.encoded, {"br": b"brotli", "gzip": b"gzip"})

    def test_under_a_base_path_rewritten_files_drop_the_builds_copies(self):
        script = b'import init from "/plugins/proxbox-ha/app-0123456789abcdef.js";'
        self.write("boot-0123456789abcdef.js", script)
        self.write("boot-0123456789abcdef.js.br", b"stale")
        self.write("boot-0123456789abcdef.js.gz", b"stale")
        asset = assets.build_files("/netbox/plugins/proxbox-ha/")["boot-0123456789abcdef.js"]
        self.assertEqual(asset.body, script.replace(b"/plugins/", b"/netbox/plugins/"))
        self.assertEqual(set(asset.encoded), {"gzip"})
        self.assertEqual(gzip.decompress(asset.encoded["gzip"]), asset.body)

    def test_the_frames_files_are_preloaded_in_the_mode_the_frame_loads_them(self):
        self.write(
            "embed.html",
            b'<link rel="stylesheet" href="/plugins/proxbox-ha/main-0123456789abcdef.css">'
            b'<link rel="modulepreload" href="/plugins/proxbox-ha/embed-0123456789abcdef.js">'
            b'<link rel="preload" href="/plugins/proxbox-ha/embed-0123456789abcdef_bg.wasm">'
            b'<script src="/plugins/proxbox-ha/config.json"></script>',
        )
        assets.page_preloads.cache_clear()
        self.addCleanup(assets.page_preloads.cache_clear)
        tags = assets.page_preloads("embed.html", assets.BUILT_BASE)
        self.assertEqual(
            tags,
            (
                '<link rel="preload" href="/plugins/proxbox-ha/main-0123456789abcdef.css" as="style">',
                '<link rel="preload" href="/plugins/proxbox-ha/embed-0123456789abcdef.js" as="script" crossorigin="anonymous">',
                '<link rel="preload" href="/plugins/proxbox-ha/embed-0123456789abcdef_bg.wasm" as="fetch" crossorigin="anonymous">',
            ),
        )
