from django.contrib import admin
from django.urls import include, path

from clinic import portal

urlpatterns = [
    path("", portal.home, name="home"),
    path("admin/", admin.site.urls),
    path("migracion/", include("console.urls")),
    path("cuenta/", include("accounts.urls")),
    path("", include("clinic.urls")),
]

handler500 = "petfriendly.errors.server_error"
