from contextlib import nullcontext

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from migration.errors import MigrationError
from migration.management.base import BaseCommand
from migration.management.importing import KEPT, fail, reporting, write_text
from migration.management.report import render_signed
from migration.services.signoff import migration_signoff


class Command(BaseCommand):
    help = gettext_lazy(
        "Sign off a migration run: stores who signed, when, what remained open and the exact "
        "report signed (with its sha256)."
    )

    outputs = ("output",)

    def add_arguments(self, parser) -> None:
        parser.add_argument("--run-id", type=int, required=True)
        parser.add_argument("--by", required=True, help=gettext_lazy("Who signs."))
        parser.add_argument("--note", default="", help=gettext_lazy("A note kept with it."))
        parser.add_argument(
            "--accept-critical",
            action="store_true",
            help=gettext_lazy("Sign although critical issues are open or checks fail."),
        )
        parser.add_argument(
            "--language",
            choices=("es", "en"),
            help=gettext_lazy("Language of the signed report (default: the active one, Spanish)."),
        )
        parser.add_argument("--output", help=gettext_lazy("Also write the signed report here."))

    @reporting
    def handle(self, *args, **options) -> None:
        language = options["language"]
        with translation.override(language) if language else nullcontext():
            try:
                result = migration_signoff(
                    run_id=options["run_id"],
                    by=options["by"],
                    note=options["note"],
                    accept_critical=options["accept_critical"],
                    language=translation.get_language() or "es",
                    render=render_signed,
                )
            except MigrationError as exc:
                raise fail(exc) from exc
            if options["output"]:
                write_text(options["output"], result.report_html, returncode=KEPT)
            self.stdout.write(
                _("Run {run} signed off by {by}; report sha256 {sha}.").format(
                    run=result.run_id, by=result.signature.signed_by, sha=result.report_sha256
                )
            )
            if result.signature.accepted_with_critical:
                self.stdout.write(_("Signed with critical issues open or failed checks."))
