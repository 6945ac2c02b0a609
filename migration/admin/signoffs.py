"""Sign-offs: the action that signs a run, and each sign-off read as a summary of what was
signed (who, when, the report's sha256, what was open) with a link to the signed report in
the migration console."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Case, IntegerField, Value, When
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from migration.admin import display
from migration.admin.base import ReadOnlyAdmin, user_name
from migration.errors import SignoffError
from migration.i18n import render
from migration.management.numbers import Number
from migration.management.report import CHECK_LABELS, render_signed
from migration.models import BatchStatus, DataQualityIssue, MigrationSignoff, file_name
from migration.services.signoff import migration_signoff

SHOWN_ISSUES = 20
ISSUES_URL = "admin:migration_dataqualityissue_changelist"
STATES = {**dict(BatchStatus.choices), "dry run": _("dry run")}
SEVERITY_RANK = Case(
    When(severity="critical", then=Value(0)),
    When(severity="warning", then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def console_signoff_url(run_id: int) -> str:
    """The console's sign-off page of a run (``/migracion/ejecucion/<id>/firma/``)."""
    try:
        return reverse("console:signoff", args=[run_id])
    except NoReverseMatch:
        return f"/migracion/ejecucion/{run_id}/firma/"


def sign_off_runs(modeladmin, request, queryset) -> None:
    """The same sign-off as ``signoff_migration``, as the user. With critical issues open or
    checks failed it signs nothing and sends the user to the console's sign-off page, which
    asks for a typed confirmation."""
    language = translation.get_language() or "es"
    for run in queryset:
        try:
            result = migration_signoff(
                run_id=run.pk, by=user_name(request), render=render_signed, language=language
            )
        except SignoffError as exc:
            modeladmin.message_user(request, refusal(run.pk, exc), messages.ERROR)
        else:
            modeladmin.message_user(
                request,
                gettext("Run {run} signed off; report sha256 {sha}.").format(
                    run=run.pk, sha=result.report_sha256
                ),
            )


def refusal(run_id: int, exc: SignoffError) -> str:
    """The service's one line, its run's state in words; critical issues open or failed
    checks send the owner to the console's sign-off page."""
    if "critical" not in exc.params:
        params = dict(exc.params)
        if "status" in params:
            params["status"] = str(STATES.get(params["status"], params["status"])).lower()
        return render(exc.template, params, gettext)
    return format_html(
        gettext(
            "Run {run} has {critical} critical issues open and {failed} failed checks: "
            'resolve them, or sign it from <a href="{url}">its sign-off page in the '
            "migration console</a>, which asks you to confirm in writing."
        ),
        run=run_id,
        critical=Number(exc.params["critical"]),
        failed=Number(exc.params["failed"]),
        url=console_signoff_url(run_id),
    )


def issue_sentence(issue: DataQualityIssue) -> str:
    """ "Fecha no válida · mascotas.csv, fila 12 · valor «31/02/2019»"."""
    where = file_name(issue.source_file)
    if issue.source_row is not None:
        where = gettext("{file}, row {row}").format(file=where, row=issue.source_row)
    parts = [issue.label, where]
    if issue.source_value:
        parts.append(gettext("value «{value}»").format(value=issue.source_value))
    return " · ".join(p for p in parts if p)


@admin.register(MigrationSignoff)
class MigrationSignoffAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "signed_by", "signed_at", "critical_open", "accepted_with_critical")
    fields = (
        "run",
        "signed_by",
        "signed_at",
        "note",
        "report_page",
        "report_sha256",
        "language",
        "critical_open",
        "accepted_with_critical",
        "open_when_signed",
        "checks_failed",
        "open_now",
    )
    readonly_fields = fields

    @admin.display(description=_("signed report"))
    def report_page(self, obj) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            console_signoff_url(obj.run_id),
            gettext("See the signed report in the migration console"),
        )

    @admin.display(description=_("open issues when signed"))
    def open_when_signed(self, obj) -> str:
        rows = [(display.issue_label(code), n) for code, n in obj.open_issues.items()]
        return display.lines(rows)

    @admin.display(description=_("failed checks"))
    def checks_failed(self, obj) -> str:
        return display.lines((CHECK_LABELS.get(name, name), name) for name in obj.failed_checks)

    @admin.display(description=_("issues of the run open now"))
    def open_now(self, obj) -> str:
        issues = DataQualityIssue.objects.filter(batch__run_id=obj.run_id, resolved=False)
        first = issues.annotate(rank=SEVERITY_RANK).order_by("rank", "batch_id", "source_row")
        shown = [issue_sentence(issue) for issue in first[:SHOWN_ISSUES]]
        total = issues.count()
        url = f"{reverse(ISSUES_URL)}?batch__run__id__exact={obj.run_id}&resolved__exact=0"
        more = gettext("All {n:,} open issues of the run").format(n=Number(total))
        return format_html(
            '{}<p><a href="{}">{}</a></p>',
            display.lines((i + 1, text) for i, text in enumerate(shown)),
            url,
            more,
        )
