from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from migration.management.importing import KEPT, ImportCommand, write_json
from migration.services.runs import run_import


class Command(ImportCommand):
    help = gettext_lazy(
        "Import a whole OkVet export (a folder or a ZIP) as one migration run: every file "
        "recognised by its columns, imported in dependency order."
    )
    label = gettext_lazy("OkVet export")
    require_owner_help = gettext_lazy(
        "Skip rows whose owner or pet is missing instead of a placeholder."
    )

    def add_source_arguments(self, parser) -> None:
        parser.add_argument(
            "--source", required=True, help=gettext_lazy("Folder or ZIP file of the export.")
        )
        parser.add_argument(
            "--files",
            dest="attachments",
            help=gettext_lazy("Folder or ZIP of the attachment files (VetFiles/…)."),
        )
        parser.add_argument(
            "--clinic",
            default="",
            help=gettext_lazy("Keep only the rows of this OkVet clinic (vet_id)."),
        )

    def run_import(self, options, progress):
        self.run = run_import(
            source=self.source, options=options, files=self.attachments, progress=progress
        )
        return self.run.batches

    def handle(self, *args, **options) -> None:
        self.source, self.attachments = options["source"], options["attachments"]
        report, options["report_json"] = options["report_json"], None
        super().handle(*args, **options)
        result = self.run
        self.stdout.write(
            "\n"
            + _("Run {id}: {n} batches{dry}.").format(
                id=result.run_id,
                n=len(result.batches),
                dry=_(" — DRY RUN, nothing was saved") if result.dry_run else "",
            )
        )
        for name, table in sorted(result.not_imported.items()):
            self.stdout.write(
                _("  Not imported (no importer for the {table} table yet): {file}").format(
                    table=table, file=name
                )
            )
        for completed in result.completes:
            self.stdout.write(
                _("Run {old}, interrupted, is completed by this run.").format(old=completed)
            )
        if not result.dry_run:
            self.stdout.write(
                _("rollback_migration --run-id={id} undoes the whole run.").format(id=result.run_id)
            )
        if report:
            write_json(report, result.to_dict(), returncode=KEPT)
