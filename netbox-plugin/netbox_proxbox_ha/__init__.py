"""NetBox glue for the proxbox-ha app: serves its build, adds the VM tab and a menu entry.

All HA logic lives in the app (Rust, in the browser); this package only serves it.
"""

from importlib.metadata import version

from netbox.plugins import PluginConfig


class ProxboxHAConfig(PluginConfig):
    name = "netbox_proxbox_ha"
    verbose_name = "Proxbox HA (live)"
    description = "Live Proxmox VE High-Availability views, beside netbox-proxbox"
    version = version("netbox-proxbox-ha")
    author = "proxbox-ha"
    base_url = "proxbox-ha"
    # Built and tested against NetBox 4.7.3 with netbox-proxbox 0.0.29.post6.
    min_version = "4.7.0"
    default_settings = {"refresh_seconds": 30}

    def ready(self):
        super().ready()
        from . import views  # noqa: F401  (registers the VM tab)


config = ProxboxHAConfig
