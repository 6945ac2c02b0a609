from contextlib import nullcontext

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from migration.management.base import BaseCommand
from migration.management.importing import reporting, write_json, write_text
from migration.management.report import TYPE_LABELS
from migration.services.compare import migration_compare


class Command(BaseCommand):
    help = gettext_lazy(
        "Show source rows and the records they became side by side, field by field, with "
        "each transformation; list filled source cells left empty without an explanation."
    )

    outputs = ("output", "json")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", required=True, help=gettext_lazy("HTML page to write."))
        parser.add_argument("--json", help=gettext_lazy("Also write the comparison as JSON."))
        parser.add_argument("--per-type", type=int, default=10)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--owner-id", help=gettext_lazy("One OkVet client's whole history."))
        parser.add_argument("--pet-id", help=gettext_lazy("One OkVet pet's whole history."))
        parser.add_argument(
            "--language",
            choices=("es", "en"),
            help=gettext_lazy("Language of the report (default: the active one, Spanish)."),
        )

    @reporting
    def handle(self, *args, **options) -> None:
        language = options["language"]
        with translation.override(language) if language else nullcontext():
            self._compare(options)

    def _compare(self, options) -> None:
        result = migration_compare(
            per_type=max(options["per_type"], 1),
            seed=options["seed"],
            owner_id=options["owner_id"],
            pet_id=options["pet_id"],
        )
        rows = [(str(TYPE_LABELS.get(p.batch_type, p.batch_type)), p) for p in result.pairs]
        html = render_to_string("migration/comparison.html", {"result": result, "rows": rows})
        write_text(options["output"], html)
        if options["json"]:
            write_json(options["json"], result.to_dict())
        self.stdout.write(
            _(
                "{pairs} rows compared; {unexplained} unexplained empty fields; {unmapped} rows "
                "neither imported nor explained. Written to {path}."
            ).format(
                pairs=len(result.pairs),
                unexplained=len(result.unexplained),
                unmapped=len(result.unmapped),
                path=options["output"],
            )
        )
        for note in result.purged:
            self.stdout.write(note)
