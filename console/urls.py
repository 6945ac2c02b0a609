"""``/migracion/``: the runs side (upload, trial, real run, progress) and the review side
(report, comparison, issues, fixes, sign-off, history)."""

from django.urls import include, path

app_name = "console"
urlpatterns = [
    path("", include("console.urls_runs")),
    path("", include("console.urls_review")),
]
