from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from migration.management.base import BaseCommand
from migration.management.mapping_doc import PATH, mapping_markdown


class Command(BaseCommand):
    help = gettext_lazy(
        "Write docs/mapping.md from the table declarations: every OkVet column, the "
        "Pet-Friendly field it lands in and its rule, in Spanish and English."
    )

    outputs = ("output",)

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output", help=gettext_lazy("Where to write it (default: docs/mapping.md).")
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help=gettext_lazy("Write nothing; fail when the file is not what it would be."),
        )

    def written(self, options: dict) -> tuple[str, ...]:
        return () if options.get("check") else self.outputs

    def handle(self, *args, **options) -> None:
        path = Path(options["output"] or Path(settings.BASE_DIR) / PATH)
        text = mapping_markdown()
        if options["check"]:
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != text:
                raise CommandError(
                    _("{path} is stale: run manage.py mapping_doc").format(path=path), returncode=1
                )
            self.stdout.write(_("{path} is up to date.").format(path=path))
            return
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(
                _("cannot write {path}: {error}").format(path=path, error=exc.strerror),
                returncode=2,
            ) from exc
        self.stdout.write(_("Written to {path}.").format(path=path))
