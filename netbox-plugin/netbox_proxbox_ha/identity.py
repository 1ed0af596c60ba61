"""A VM's Proxmox identity as netbox-proxbox records it, for the tab and the frame's page."""

from virtualization.models import VirtualMachine


def _whole_number(raw) -> int | None:
    """A whole non-negative number, or ASCII digits with blanks around them; up to 2**64 - 1,
    as the app reads it (contract.json's ``proxmox_id_cases``)."""
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        return None
    text = str(raw).strip()
    number = int(text) if text.isascii() and text.isdigit() else None
    return number if number is not None and number < 2**64 else None


def proxmox_identity(vm: VirtualMachine) -> dict:
    """Where netbox-proxbox keeps the VM's Proxmox id: its sync-state row on 0.0.29+, the
    ``proxmox_vm_id`` custom field before. The app reads the same through the REST API."""
    try:
        state = vm.proxbox_sync_state
    except Exception:  # no netbox-proxbox, or no sync-state row for this VM
        state = None
    vmid = _whole_number(getattr(state, "proxmox_vm_id", None))
    if vmid is not None:
        return {"proxmox_vm_id": vmid, "source": "sync-state"}
    vmid = _whole_number(vm.custom_field_data.get("proxmox_vm_id"))
    return {"proxmox_vm_id": vmid, "source": "custom-field"} if vmid is not None else {}


def known_vm(vm: VirtualMachine) -> dict:
    """The VM as the app's first load needs it (``KnownVm`` in src/model/vm.rs)."""
    cluster = vm.cluster.name if vm.cluster else None
    return {"id": vm.pk, "name": vm.name, "cluster": cluster, **proxmox_identity(vm)}
