from django.urls import path, re_path

from . import app

# Every route of the app answers with its page; the build's files by name; nothing else.
urlpatterns = [
    path("", app.AppPage.as_view(), name="app"),
    path("ha", app.AppPage.as_view(page_name="ha.html"), name="ha"),
    path("vm/<int:pk>", app.AppPage.as_view(), name="vm"),
    path("vmid/<int:vmid>", app.AppPage.as_view(), name="vmid"),
    path("embed.html", app.EmbedPage.as_view(), name="embed"),
    re_path(r"^(?P<name>[^/]{1,100})$", app.asset, name="asset"),
    re_path(r"", app.not_found),
]
