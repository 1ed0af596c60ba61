from django.apps import apps
from django.urls import path

# Without netbox-proxbox there is nothing to read: the app says the plugin is missing.
urlpatterns = []
if apps.is_installed("netbox_proxbox"):
    from .views import SummaryByEndpointView

    urlpatterns = [
        path(
            "ha/summary/by-endpoint/", SummaryByEndpointView.as_view(), name="summary-by-endpoint"
        ),
    ]
