"""The ``HA live`` tab on every VirtualMachine that has a Proxmox id: NetBox's own VM page
(header, tabs, breadcrumbs) framing the app's VM tab (``embed.html``)."""

from django.urls import reverse
from netbox.views import generic
from utilities.views import ViewTab, register_model_view
from virtualization.models import VirtualMachine

from .app import embed_preloads
from .identity import proxmox_identity


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
        context = {"frame_src": f"{base}embed.html?vm={instance.pk}", "preloads": embed_preloads(base)}
        vmid = proxmox_identity(instance).get("proxmox_vm_id")
        if vmid is not None:
            # The frame's first request (`vm_ha_path` in src/model/vm.rs), started with this page.
            context["shim_url"] = (
                f"{reverse('home')}api/plugins/proxbox/ha/vm/{vmid}/?virtual_machine_id={instance.pk}"
            )
        return context
