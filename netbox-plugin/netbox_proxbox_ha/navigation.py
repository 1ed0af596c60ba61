from netbox.plugins import PluginMenuItem

menu_items = (PluginMenuItem(link="plugins:netbox_proxbox_ha:ha", link_text="HA Status (live)"),)
