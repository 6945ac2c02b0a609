"""Owners: merge exact duplicates by identity document, flag likely ones, write the rest.

Duplicate candidates are looked up in the database once per chunk (earlier chunks of this batch
are already written, earlier batches too) and in the chunk itself as rows are created.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection
from rapidfuzz import fuzz
from unidecode import unidecode

from clinic.models import OwnerProfile
from migration.convert.base import Converted, RowLike
from migration.issues import Issue
from migration.load.base import DUPLICATE, IMPORTED, Item, Loader, Outcome
from migration.load.people import PROFILE_MODEL, OwnerWriter, taken_usernames
from migration.load.writer import rows_where_in, stored_datetime
from migration.read.declarations import DECLARATIONS

NAME_MATCH = 85
CONTACT_KEYS = ("mobile", "email")
PHONE_KEYS = ("phone", "phone2", "mobile")


@dataclass(frozen=True, slots=True)
class Known:
    profile_id: int
    legacy_id: str
    name: str


def _simple(name: str) -> str:
    return unidecode(name).casefold()


CANDIDATE_SQL = (
    "SELECT p.id, p.legacy_id, p.full_name, p.ident_type, p.ident_number_normalized, "
    "p.mobile, p.phone, p.phone2, u.email FROM {profile} p JOIN {user} u ON u.id = p.user_id "
    "WHERE {column} IN ({marks})"
)


def _candidates(column: str, values: list[str]) -> Iterator[tuple]:
    """Owners already in the database sharing a key with this chunk: one indexed lookup per
    column (an ``OR`` across the user join would scan every owner for every chunk)."""
    quote = connection.ops.quote_name
    sql = CANDIDATE_SQL.format(
        profile=quote(OwnerProfile._meta.db_table),
        user=quote(get_user_model()._meta.db_table),
        column=column,
        marks="{marks}",
    )
    return rows_where_in(sql, values)


class OwnerLoader(Loader):
    source_type = DECLARATIONS["owners"].id_type
    target_model = PROFILE_MODEL

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.writer = OwnerWriter()
        self.now = stored_datetime(ctx.now)
        self.index: dict[str, Known] = {}
        self.taken: set[str] = set()

    def before_chunk(self, items: list[Item]) -> None:
        self.index = {}
        self._preload_candidates([conv for _, conv in items])
        self.taken = taken_usernames(f"okvet-{conv.legacy_id}" for _, conv in items)

    def _preload_candidates(self, convs: list[Converted]) -> None:
        wanted: dict[str, set[str]] = {"document": set(), "mobile": set(), "email": set()}
        phones: set[str] = set()
        for conv in convs:
            for kind in wanted:
                if value := conv.keys.get(kind):
                    wanted[kind].add(value)
            phones.update(conv.keys[k] for k in PHONE_KEYS if conv.keys.get(k))
        docs = {key.split(":", 1)[1] for key in wanted["document"]}
        for column, values in (
            ("p.ident_number_normalized", docs),
            ("p.mobile", wanted["mobile"] | phones),
            ("p.phone", phones),
            ("p.phone2", phones),
            ("u.email", wanted["email"]),
        ):
            for row in _candidates(column, sorted(values)):
                self._remember_row(row)

    def _remember_row(self, row: tuple) -> None:
        pid, legacy, name, doc_type, doc, mobile, phone, phone2, email = row
        self._remember(
            Known(pid, legacy, _simple(name)),
            document=f"{doc_type}:{doc}" if doc else "",
            mobile=mobile,
            email=email,
            phone=phone,
            phone2=phone2,
        )

    def _remember(self, known: Known, **keys: str) -> None:
        for kind, value in keys.items():
            if value:
                self.index.setdefault(f"{kind}:{value}", known)
                if kind in PHONE_KEYS:
                    self.index.setdefault(f"anyphone:{value}", known)

    def create(self, row: RowLike, conv: Converted) -> Outcome:
        doc = conv.keys.get("document")
        survivor = self.index.get(f"document:{doc}") if doc else None
        if survivor is not None:
            return self._merge(
                conv,
                survivor,
                Issue(
                    "duplicate-document",
                    column="number_doc",
                    value=conv.fields.get("ident_number", ""),
                    params={"other_id": survivor.legacy_id},
                ),
            )
        candidate, reason = self._likely_duplicate(conv)
        if candidate is not None and self.ctx.options.skip_duplicates:
            return self._merge(
                conv,
                candidate,
                Issue(
                    "skipped-duplicate",
                    params={"kind": "client", "other_id": candidate.legacy_id, "reason": reason},
                ),
            )
        outcome = self._insert(conv)
        if candidate is not None:
            outcome.issues.append(
                Issue(
                    "possible-duplicate",
                    params={"kind": "client", "other_id": candidate.legacy_id, "reason": reason},
                )
            )
        return outcome

    def _likely_duplicate(self, conv: Converted) -> tuple[Known | None, str]:
        for kind in CONTACT_KEYS:
            value = conv.keys.get(kind)
            if value and (hit := self.index.get(f"{kind}:{value}")):
                return hit, kind
        name = conv.keys.get("name", "")
        for kind in PHONE_KEYS:
            value = conv.keys.get(kind)
            hit = self.index.get(f"anyphone:{value}") if value else None
            if hit and name and fuzz.token_sort_ratio(name, hit.name) >= NAME_MATCH:
                return hit, "name+phone"
        return None, ""

    def _merge(self, conv: Converted, survivor: Known, issue: Issue) -> Outcome:
        self.ctx.idmap.add(
            self.source_type, conv.legacy_id, PROFILE_MODEL, survivor.profile_id, alias=True
        )
        return Outcome(
            DUPLICATE,
            target_id=survivor.profile_id,
            duplicate_of=survivor.profile_id,
            issues=[issue],
        )

    def _insert(self, conv: Converted) -> Outcome:
        ids = self.writer.reserve()
        username = f"okvet-{conv.legacy_id}"
        if username in self.taken:
            username = f"{username}-{ids[1]}"
        active = not conv.deleted_at
        self.writer.add(
            ids,
            conv.fields,
            {
                "username": username[:150],
                "now": self.now,
                "legacy_id": conv.legacy_id,
                "extras": conv.extras,
                "is_active": active,
                "is_contactable": active,
            },
        )
        self.ctx.idmap.add(self.source_type, conv.legacy_id, PROFILE_MODEL, ids[1])
        f = conv.fields
        self._remember(
            Known(ids[1], conv.legacy_id, conv.keys.get("name", "")),
            document=conv.keys.get("document", ""),
            mobile=f["mobile"],
            email=f["email"],
            phone=f["phone"],
            phone2=f["phone2"],
        )
        return Outcome(IMPORTED, target_id=ids[1])

    def after_chunk(self) -> None:
        self.writer.flush()
