from netbox.plugins import PluginMenuItem

# The page shows the HA state of the Proxmox endpoints the user may view: netbox-proxbox's
# shim reads only those, so the entry needs that permission (superusers have every one).
menu_items = (
    PluginMenuItem(
        link="plugins:netbox_proxbox_ha:ha",
        link_text="HA Status (live)",
        permissions=["netbox_proxbox.view_proxmoxendpoint"],
    ),
)
