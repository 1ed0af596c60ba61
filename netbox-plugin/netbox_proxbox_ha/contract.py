"""The facts the plugin shares with the app and the mock NetBox, kept once in contract.json:
the page's Content-Security-Policy, the settings ``<meta>`` name, the frame's message types,
the per-VM shim path."""

import json
from pathlib import Path

CONTRACT = json.loads((Path(__file__).parent / "contract.json").read_text())

CSP = CONTRACT["content_security_policy"]
SETTINGS_META_NAME = CONTRACT["settings_meta_name"]
# What the frame's page and the app post to each other (frame.html reads them).
FRAME_MESSAGES = CONTRACT["frame_messages"]


def vm_ha_path(vmid: int, netbox_id: int) -> str:
    """The app's first request on the HA live tab (``vm_ha_path`` in src/model/vm.rs)."""
    return CONTRACT["vm_ha_path"].format(vmid=vmid, netbox_id=netbox_id)
