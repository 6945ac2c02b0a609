from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from migration.generator.export import FORMATS, SHAPES, generate_export
from migration.management.base import BaseCommand
from migration.management.numbers import Number


class Command(BaseCommand):
    help = gettext_lazy("Generate a realistic OkVet export of owners and pets (with its truth).")

    output_folders = ("output",)

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", required=True, help=gettext_lazy("Directory to write."))
        parser.add_argument("--owners", type=int, default=200)
        parser.add_argument("--pets", type=int, default=300)
        parser.add_argument("--shape", choices=SHAPES, default="dump")
        parser.add_argument("--format", choices=FORMATS, default="csv", dest="fmt")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--clinical",
            action="store_true",
            help=gettext_lazy(
                "Also write the clinical tables (consults, vaccinations, appointments, "
                "prescriptions, hospitalizations); dump shape only."
            ),
        )

    def handle(self, *args, **options) -> None:
        if options["owners"] < 0 or options["pets"] < 0:
            raise CommandError(_("--owners and --pets must not be negative."))
        if options["clinical"] and options["shape"] != "dump":
            raise CommandError(_("--clinical needs --shape=dump."))
        output = Path(options["output"])
        try:
            manifest = generate_export(
                output,
                owners=options["owners"],
                pets=options["pets"],
                shape=options["shape"],
                fmt=options["fmt"],
                seed=options["seed"],
                clinical=options["clinical"],
            )
        except OSError as exc:
            raise CommandError(
                _("cannot write {path}: {error}").format(path=output, error=exc.strerror),
                returncode=2,
            ) from exc
        files = [
            name
            for names in manifest.files.values()
            for name in ([names] if isinstance(names, str) else names)
        ]
        self.stdout.write(
            _("Export written to {dir}: {files}").format(dir=output, files=", ".join(files))
        )
        self.stdout.write(
            _("Owners: {owners:,} rows, pets: {pets:,} rows.").format(
                owners=Number(manifest.counts["clients"]["source_rows"]),
                pets=Number(manifest.counts["pets"]["source_rows"]),
            )
        )
