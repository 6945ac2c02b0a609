"""The runs side of ``/migracion/``: the start page, a new upload and what was recognised in
it, the trial and the real run started from it, a job's live progress."""

from django.urls import path

from console.views import home, jobs, uploads

urlpatterns = [
    path("", home.home, name="home"),
    path("nueva/", uploads.upload, name="upload"),
    path("carga/<int:pk>/", uploads.upload_detail, name="upload_detail"),
    path("carga/<int:pk>/prueba/", uploads.start_trial, name="start_trial"),
    path("prueba/<int:pk>/importar/", uploads.start_real, name="start_real"),
    path("trabajo/<int:pk>/", jobs.progress, name="progress"),
    path("trabajo/<int:pk>/estado.json", jobs.progress_json, name="progress_json"),
]
