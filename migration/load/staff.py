"""OkVet staff (``user_id`` on every clinical row) → ``Staff`` records, created as first seen.

The dump has no users table: a staff member is known only by the id on the records they wrote.
Each distinct id becomes one ``Staff`` row ("Usuario OkVet 12"), mapped like everything else, so
the clinic can later rename it and link it to a real account.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from clinic.models import Staff
from migration.convert.base import LEGACY_ID
from migration.load.base import OKVET, LoadContext
from migration.load.writer import TableWriter

STAFF_TYPE = "staff"
STAFF_MODEL = "clinic.Staff"
COLUMNS = ("id", "name", "role", "is_active", "source_system", "legacy_id", "legacy_extras")


class StaffResolver:
    def __init__(self, ctx: LoadContext) -> None:
        self.ctx = ctx
        self.writer = TableWriter(Staff, COLUMNS)
        self._rows: list[tuple] = []

    def preload(self, keys: Iterable[str]) -> None:
        self.ctx.idmap.preload(STAFF_TYPE, keys)

    def resolve(self, key: str) -> int | None:
        """The staff row of OkVet user ``key``, created now if no batch created it before. A
        "key" longer than a legacy id is no OkVet user id: no staff row is made of it."""
        if not key or len(key) > LEGACY_ID:
            return None
        found = self.ctx.idmap.get(STAFF_TYPE, key)
        if found is None:
            found = self.writer.next_id()
            name = _("OkVet user {id}").format(id=key)
            self._rows.append((found, name, "", True, OKVET, key, {}))
            self.ctx.idmap.add(STAFF_TYPE, key, STAFF_MODEL, found)
        return found

    def flush(self) -> None:
        self.writer.write(self._rows)
        self._rows.clear()
