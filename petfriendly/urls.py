from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("migracion/", include("console.urls")),
    path("cuenta/", include("django.contrib.auth.urls")),
    path("", include("clinic.urls")),
]
