"""The base of every command of the project: its help text translated when it is shown, and
its output paths checked before it runs.

Commands declare ``help`` with ``gettext_lazy`` so that ``--help`` speaks the active language;
argparse, though, runs a regular expression over the description and accepts only a real
string (a lazy one crashed ``manage.py COMMAND --help`` with a ``TypeError``).

A command names the options that give a file it writes (``outputs = ("report_json",)``) or a
folder it fills (``output_folders``): each is checked before ``handle`` runs, so that a report
that cannot be written stops the command before it writes anything (``outputs.py``).
"""

from __future__ import annotations

from django.core.management import base

from migration.management.outputs import check_outputs


class BaseCommand(base.BaseCommand):
    outputs: tuple[str, ...] = ()
    output_folders: tuple[str, ...] = ()

    def create_parser(self, prog_name: str, subcommand: str, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        if parser.description is not None:
            parser.description = str(parser.description)
        return parser

    def execute(self, *args, **options):
        check_outputs(options, files=self.written(options), folders=self.output_folders)
        return super().execute(*args, **options)

    def written(self, options: dict) -> tuple[str, ...]:
        """The output options this invocation writes (all of ``outputs`` unless told)."""
        return self.outputs
