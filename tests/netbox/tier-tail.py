# --- appended by tests/netbox/tier.sh after the README's recipe ---
# Otherwise netbox-proxbox starts sync jobs against Proxmox.
PLUGINS_CONFIG.setdefault("netbox_proxbox", {})["automatic_background_tasks"] = False
# A second NetBox of the tier runs without netbox-proxbox (the "plugin missing" case).
if _env("TIER_WITHOUT_PROXBOX"):
    PLUGINS = [p for p in PLUGINS if p != "netbox_proxbox"]
