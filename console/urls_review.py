"""The review side of ``/migracion/``: a run's report, comparison, issues and sign-off; fixes
(an issue, a table's failed rows, owners to merge); the history of everything."""

from django.urls import path

from console.views import fixes, history, merge, retry, review, signoff

urlpatterns = [
    path("ejecucion/<int:run_id>/", review.report, name="report"),
    path("ejecucion/<int:run_id>/comparacion/", review.comparison, name="comparison"),
    path("ejecucion/<int:run_id>/problemas/", review.issues, name="issues"),
    path("ejecucion/<int:run_id>/firma/", signoff.signoff, name="signoff"),
    path(
        "ejecucion/<int:run_id>/firma/<int:signoff_id>/informe/",
        signoff.signed_report,
        name="signed_report",
    ),
    path("problema/<int:pk>/", fixes.issue, name="issue"),
    path("lote/<int:batch_id>/errores.xlsx", fixes.errors_download, name="errors_export"),
    path("lote/<int:batch_id>/corregir/", retry.retry, name="retry"),
    path("propietarios/fusionar/", merge.merge, name="merge"),
    path("propietarios/fusionar/<int:merge_id>/deshacer/", merge.merge_undo, name="merge_undo"),
    path("historial/", history.history, name="history"),
]
