"""The ``HA live`` tab on every VirtualMachine that has a Proxmox id: NetBox's own VM page
(header, tabs, breadcrumbs) framing the app's VM tab (``embed.html``)."""

from django.urls import reverse
from netbox.views import generic
from utilities.views import ViewTab, register_model_view
from virtualization.models import VirtualMachine


def _whole_number(raw) -> int | None:
    text = str(raw).strip() if raw is not None else ""
    return int(text) if text.isascii() and text.isdigit() else None


def proxmox_identity(vm: VirtualMachine) -> dict:
    """Where netbox-proxbox keeps the VM's Proxmox id: its sync-state row on 0.0.29+, the
    ``proxmox_vm_id`` custom field before. The app reads the same through the REST API."""
    try:
        state = vm.proxbox_sync_state
    except Exception:  # no netbox-proxbox, or no sync-state row for this VM
        state = None
    vmid = _whole_number(getattr(state, "proxmox_vm_id", None))
    if vmid is not None:
        return {"proxmox_vm_id": vmid, "source": "sync-state",
                "proxmox_cluster": getattr(state, "proxmox_cluster_name", None) or None}
    vmid = _whole_number(vm.custom_field_data.get("proxmox_vm_id"))
    return {"proxmox_vm_id": vmid, "source": "custom-field"} if vmid is not None else {}


def known_vm(vm: VirtualMachine) -> dict:
    """The VM as the app's first load needs it (``KnownVm`` in src/model/vm.rs)."""
    cluster = vm.cluster.name if vm.cluster else None
    return {"id": vm.pk, "name": vm.name, "cluster": cluster, **proxmox_identity(vm)}


@register_model_view(VirtualMachine, "ha_live", path="ha-live")
class VirtualMachineHALive(generic.ObjectView):
    queryset = VirtualMachine.objects.all()
    template_name = "netbox_proxbox_ha/virtualmachine_ha_live.html"
    tab = ViewTab(
        label="HA live",
        permission="virtualization.view_virtualmachine",
        weight=1410,
        visible=lambda vm: "proxmox_vm_id" in proxmox_identity(vm),
    )

    def get_extra_context(self, request, instance):
        base = reverse("plugins:netbox_proxbox_ha:app")
        return {"frame_src": f"{base}embed.html?vm={instance.pk}"}
