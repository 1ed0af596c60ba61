from django.apps import apps
from django.urls import path, re_path

from . import views

# The HA actions are netbox-proxbox's routes with the actor added: only beside netbox-proxbox.
actions = []
if apps.is_installed("netbox_proxbox"):
    from .actions import ActionsView, ArmView, DisarmView

    actions = [
        path("ha/actions/", ActionsView.as_view(), name="actions"),
        path("ha/arm/", ArmView.as_view(), name="arm"),
        path("ha/disarm/", DisarmView.as_view(), name="disarm"),
    ]

# Every route of the app answers with its page; the build's files by name; nothing else.
urlpatterns = [
    *actions,
    path("", views.AppPage.as_view(), name="app"),
    path("ha", views.StatusPage.as_view(), name="ha"),
    path("ha.html", views.AppPage.as_view(page_name="ha.html"), name="ha-page"),
    path("vm/<int:pk>", views.AppPage.as_view(), name="vm"),
    path("vmid/<int:vmid>", views.AppPage.as_view(), name="vmid"),
    path("embed.html", views.EmbedPage.as_view(), name="embed"),
    re_path(r"^(?P<name>[^/]{1,100})$", views.asset, name="asset"),
    re_path(r"", views.not_found),
]
