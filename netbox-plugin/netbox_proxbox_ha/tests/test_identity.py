"""Where a VM's Proxmox id comes from, by the same rules as the app (src/model/vm.rs)."""

from types import SimpleNamespace

from django.test import SimpleTestCase

from ..contract import CONTRACT
from ..identity import proxmox_identity


def vm(sync_state=None, custom_field=None):
    fields = {} if custom_field is None else {"proxmox_vm_id": custom_field}
    machine = SimpleNamespace(custom_field_data=fields)
    if sync_state is not None:
        machine.proxbox_sync_state = SimpleNamespace(proxmox_vm_id=sync_state)
    return machine


class ProxmoxIdentityTests(SimpleTestCase):
    def test_the_sync_state_row_first_then_the_custom_field(self):
        self.assertEqual(
            proxmox_identity(vm(101, 202)), {"proxmox_vm_id": 101, "source": "sync-state"}
        )
        self.assertEqual(
            proxmox_identity(vm(None, "202")), {"proxmox_vm_id": 202, "source": "custom-field"}
        )
        self.assertEqual(
            proxmox_identity(vm("abc", 7)), {"proxmox_vm_id": 7, "source": "custom-field"}
        )

    def test_only_a_whole_non_negative_number_counts(self):
        """contract.json's table, which the app and the mock NetBox pass too."""
        for case in CONTRACT["proxmox_id_cases"]:
            raw, expected = case["raw"], case["vmid"]
            with self.subTest(raw=raw):
                found = proxmox_identity(vm(custom_field=raw)).get("proxmox_vm_id")
                self.assertEqual(found, expected)
                found = proxmox_identity(vm(sync_state=raw)).get("proxmox_vm_id")
                self.assertEqual(found, expected)

    def test_no_netbox_proxbox_no_row(self):
        class Unsynced:
            custom_field_data = {}

            @property
            def proxbox_sync_state(self):
                raise LookupError("no row")

        self.assertEqual(proxmox_identity(Unsynced()), {})
