"""The ``HA live`` tab on every VirtualMachine that has a Proxmox id: NetBox's own VM page
(header, tabs, breadcrumbs) holding the app's embedded VM tab in a frame."""

from django.urls import reverse
from netbox.views import generic
from utilities.views import ViewTab, register_model_view
from virtualization.models import VirtualMachine


def proxmox_vm_id(vm: VirtualMachine) -> int | None:
    """The id netbox-proxbox synced (its sync-state row on 0.0.29+, the ``proxmox_vm_id``
    custom field before); the app itself reads it the same way through the REST API."""
    try:
        synced = vm.proxbox_sync_state.proxmox_vm_id
    except Exception:  # no netbox-proxbox, or no sync-state row for this VM
        synced = None
    raw = synced if synced is not None else vm.custom_field_data.get("proxmox_vm_id")
    text = str(raw).strip() if raw is not None else ""
    return int(text) if text.isascii() and text.isdigit() else None


@register_model_view(VirtualMachine, "ha_live", path="ha-live")
class VirtualMachineHALive(generic.ObjectView):
    queryset = VirtualMachine.objects.all()
    template_name = "netbox_proxbox_ha/virtualmachine_ha_live.html"
    tab = ViewTab(
        label="HA live",
        permission="virtualization.view_virtualmachine",
        weight=1410,
        visible=lambda vm: proxmox_vm_id(vm) is not None,
    )

    def get_extra_context(self, request, instance):
        base = reverse("plugins:netbox_proxbox_ha:app")
        return {"frame_src": f"{base}vm/{instance.pk}?embed=1"}
