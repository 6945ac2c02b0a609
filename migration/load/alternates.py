"""What a merged duplicate says that its survivor does not, kept on the survivor.

An owner merged into another by identity (same document, similar name) is not created, but its
other mobile, its old address or its authorised contact are never lost: each value that differs
from the survivor's becomes one entry of ``OwnerProfile.alternate_contacts``::

    {"batch": 7, "source_id": "104", "field": "mobile", "value": "+573005550000"}

(``batch`` is the batch that merged the row: rolling it back removes its entries.) A survivor
created in the same chunk gets its entries as it is written; one written before (an earlier
chunk or batch) gets them in one bulk update per chunk.
"""

from __future__ import annotations

from collections.abc import Mapping

from clinic.models import OwnerProfile

ALTERNATE_FIELDS = ("mobile", "phone", "phone2", "email", "address", "city", "authorized_contact")
PHONES = frozenset(("mobile", "phone", "phone2"))


def _key(field: str, value: str) -> tuple[str, str]:
    """A phone is the same phone in any of the three phone fields; text aside from case."""
    return ("phone", value) if field in PHONES else (field, value.casefold().strip())


def differing(fields: Mapping[str, str], survivor: Mapping[str, str]) -> list[tuple[str, str]]:
    """``(field, value)`` of the merged row that the survivor does not hold already."""
    held = {_key(name, survivor.get(name) or "") for name in ALTERNATE_FIELDS}
    found = []
    for name in ALTERNATE_FIELDS:
        value = fields.get(name) or ""
        if value and _key(name, value) not in held:
            held.add(_key(name, value))
            found.append((name, value))
    return found


def _add(entries: list[dict], new: list[dict]) -> bool:
    seen = {_key(e.get("field", ""), str(e.get("value", ""))) for e in entries}
    added = False
    for entry in new:
        key = _key(entry["field"], entry["value"])
        if key not in seen:
            seen.add(key)
            entries.append(entry)
            added = True
    return added


class Alternates:
    """The entries a chunk gives to its survivors, written with the chunk."""

    def __init__(self, batch_id: int) -> None:
        self.batch_id = batch_id
        self._fresh: dict[int, list[dict]] = {}
        self._written: dict[int, list[dict]] = {}

    def for_new(self, profile_id: int) -> list[dict]:
        """The list an owner written in this chunk is inserted with (filled until the flush)."""
        return self._fresh.setdefault(profile_id, [])

    def keep(self, profile_id: int, source_id: str, values: list[tuple[str, str]]) -> None:
        new = [
            {"batch": self.batch_id, "source_id": source_id, "field": f, "value": v}
            for f, v in values
        ]
        target = self._fresh.get(profile_id)
        if target is not None:
            _add(target, new)
        elif new:
            self._written.setdefault(profile_id, []).extend(new)

    def flush(self) -> int:
        """After the chunk's owners are written: add the entries of owners written before, two
        statements in all. Returns how many owners were updated."""
        self._fresh = {}
        pending, self._written = self._written, {}
        if not pending:
            return 0
        changed = []
        stored = OwnerProfile.objects.filter(pk__in=sorted(pending))
        for pk, entries in stored.values_list("pk", "alternate_contacts"):
            entries = list(entries or [])
            if _add(entries, pending[pk]):
                changed.append(OwnerProfile(pk=pk, alternate_contacts=entries))
        OwnerProfile.objects.bulk_update(changed, ["alternate_contacts"], batch_size=500)
        return len(changed)
