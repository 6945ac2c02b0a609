"""The base of every command of the project: its help text translated when it is shown.

Commands declare ``help`` with ``gettext_lazy`` so that ``--help`` speaks the active language;
argparse, though, runs a regular expression over the description and accepts only a real
string (a lazy one crashed ``manage.py COMMAND --help`` with a ``TypeError``).
"""

from __future__ import annotations

from django.core.management import base


class BaseCommand(base.BaseCommand):
    def create_parser(self, prog_name: str, subcommand: str, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        if parser.description is not None:
            parser.description = str(parser.description)
        return parser
