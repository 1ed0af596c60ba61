"""``GET /api/plugins/proxbox-ha/ha/summary/by-endpoint/``: when netbox-proxbox's combined HA
summary fails (proxbox-api fails the whole answer when one cluster cannot be reached), the app
asks here for each Proxmox endpoint the user may view on its own, so that the healthy clusters
stay on the page and the failing one is named. Same permission as netbox-proxbox's shim."""

from netbox_proxbox.api.views import _ProxboxDashboardPermission
from rest_framework.response import Response
from rest_framework.views import APIView

from ..backend import summaries_by_endpoint


class SummaryByEndpointView(APIView):
    permission_classes = [_ProxboxDashboardPermission]

    def get(self, request):
        status, body = summaries_by_endpoint(request.user)
        return Response(body, status=status)
