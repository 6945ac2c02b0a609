import sys

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from migration.management.base import BaseCommand
from migration.management.importing import FATAL, reporting
from migration.management.numbers import Number
from migration.services.purge import local, run_purge

YES = {"y", "yes", "s", "si", "sí"}


class Command(BaseCommand):
    help = gettext_lazy(
        "Blank the source rows and issue values a signed-off run keeps (personal data, Ley "
        "1581 de 2012); counts, issue codes, OkVet ids, the ID map and the sign-off stay. "
        "Irreversible."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--run-id", type=int, required=True)
        parser.add_argument("--by", required=True, help=gettext_lazy("Who purges."))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=gettext_lazy("Show what would be blanked; change nothing."),
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help=gettext_lazy(
                "Do not ask for confirmation (required when standard input is not a terminal)."
            ),
        )

    @reporting
    def handle(self, *args, **options) -> None:
        run_id, by = options["run_id"], options["by"]
        preview = run_purge(run_id=run_id, by=by, dry_run=True)
        self.stdout.write(
            _(
                "Run {run}: the values of {records:,} source rows and {issues:,} issues in "
                "{batches} batches would be blanked."
            ).format(
                run=run_id,
                records=Number(preview.records),
                issues=Number(preview.issues),
                batches=preview.batches,
            )
        )
        if options["dry_run"]:
            return
        if options["interactive"]:
            self._confirm(run_id)
        result = run_purge(run_id=run_id, by=by)
        self.stdout.write(
            _(
                "Run {run}: source rows purged on {date} by {by} ({records:,} rows, "
                "{issues:,} issues)."
            ).format(
                run=run_id,
                date=local(result.purged_at),
                by=result.purged_by,
                records=Number(result.records),
                issues=Number(result.issues),
            )
        )

    def _confirm(self, run_id: int) -> None:
        """Irreversible: asked on a terminal; elsewhere ``--no-input`` must say so."""
        if not sys.stdin.isatty():
            raise CommandError(
                _("standard input is not a terminal: confirm with --no-input; nothing changed"),
                returncode=FATAL,
            )
        question = _("Purge the source rows of run {id}? This cannot be undone. [y/N] ")
        try:
            answer = input(question.format(id=run_id))
        except (EOFError, KeyboardInterrupt):
            answer = ""
        if answer.strip().lower() not in YES:
            raise CommandError(_("Purge cancelled; nothing changed."), returncode=1)
