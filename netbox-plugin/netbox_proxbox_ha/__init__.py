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
    author = "proxbox-ha maintainers"
    author_email = "maintainers@users.noreply.b-seed-220475f6.example"
    base_url = "proxbox-ha"
    # netbox-proxbox 0.0.29.post6's range (its compat.py); tested on NetBox 4.5.9, 4.6.8, 4.7.3.
    min_version = "4.5.8"
    max_version = "4.7.99"
    default_settings = {"refresh_seconds": 30}

    def ready(self):
        super().ready()
        from . import views  # noqa: F401  (registers the VM tab)


config = ProxboxHAConfig
