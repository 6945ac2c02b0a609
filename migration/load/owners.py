"""Owners: merge one person's rows by identity, flag shared documents and likely duplicates.

- Same identity document **and** a similar name (``migration.convert.identity``): one person,
  merged into the earlier owner (``duplicate-document``); its pets follow it there, and its
  differing contact values are kept on the survivor (``migration.load.alternates``).
- Same document, another name (a family's payer, a reused number): both are imported, each
  flagged ``shared-document`` naming the other. The earlier owner's issue is recorded with this
  batch, once, when the batch ends. Placeholder and masked documents are no identity at all.
- Same mobile or email, or a similar name and the same phone: imported and flagged
  ``possible-duplicate`` for review, even with ``--skip-duplicates`` — a contact is no identity,
  and merging would put the row's pets under another person.

Candidates are looked up in the database once per chunk (earlier chunks of this batch are
already written, earlier batches too) and in the chunk itself as rows are created.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from rapidfuzz import fuzz
from unidecode import unidecode

from clinic.models import OwnerProfile
from migration.convert.base import Converted, RowLike
from migration.convert.identity import similar_names
from migration.issues import Issue
from migration.load.alternates import ALTERNATE_FIELDS, Alternates, differing
from migration.load.base import BOOKKEEPING, DUPLICATE, IMPORTED, Item, Loader, Outcome
from migration.load.people import PROFILE_FIELDS, PROFILE_MODEL, OwnerWriter, taken_usernames
from migration.load.writer import rows_where_in, stored_datetime
from migration.models import MigrationRecord
from migration.read.declarations import DECLARATIONS

NAME_MATCH = 85
SHARED_NAMED = 5
NO_CONTACTS: Mapping[str, str] = MappingProxyType({})
CONTACT_KEYS = ("mobile", "email")
PHONE_KEYS = ("phone", "phone2", "mobile")


@dataclass(frozen=True, slots=True)
class Known:
    profile_id: int
    legacy_id: str
    name: str
    contacts: Mapping[str, str]


def _simple(name: str) -> str:
    return unidecode(name).casefold()


CANDIDATE_SQL = (
    "SELECT p.id, p.legacy_id, p.full_name, p.ident_type, p.ident_number_normalized, "
    "p.mobile, p.phone, p.phone2, u.email, p.address, p.city, p.authorized_contact "
    "FROM {profile} p JOIN {user} u ON u.id = p.user_id "
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


RECORD_SQL = (
    "SELECT target_id, source_file, source_row FROM {table} "
    "WHERE target_model = %s AND status = %s AND target_id IN ({marks}) ORDER BY id"
)


def _rows_of(profile_ids: list[int]) -> dict[int, tuple[str, int | None]]:
    """Where owners of earlier batches were read: file and row of the record that created them."""
    sql = RECORD_SQL.format(
        table=connection.ops.quote_name(MigrationRecord._meta.db_table), marks="{marks}"
    )
    found: dict[int, tuple[str, int | None]] = {}
    for target, file, number in rows_where_in(sql, profile_ids, [PROFILE_MODEL, IMPORTED]):
        found.setdefault(target, (file, number))
    return found


SYNCED_PROFILE = tuple(f for f in PROFILE_FIELDS if f not in BOOKKEEPING)
SYNCED_USER = ("first_name", "last_name", "email")


class OwnerLoader(Loader):
    source_type = DECLARATIONS["owners"].id_type
    target_model = PROFILE_MODEL
    sync_related = {"user": ("user_id", settings.AUTH_USER_MODEL)}
    sync_retired = {"is_active": False, "is_contactable": False}

    def sync_columns(self) -> tuple[str, ...]:
        return (*SYNCED_PROFILE, "legacy_extras", *(f"user__{n}" for n in SYNCED_USER))

    def sync_image(self, conv: Converted) -> dict:
        f = conv.fields
        image = {name: f.get(name) for name in SYNCED_PROFILE}
        image["legacy_extras"] = conv.extras
        image.update((f"user__{n}", f.get(n, "")) for n in SYNCED_USER)
        return image

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.writer = OwnerWriter()
        self.now = stored_datetime(ctx.now)
        self.index: dict[str, Known] = {}
        self.holders: dict[str, dict[int, Known]] = {}
        self.taken: set[str] = set()
        self.alternates = Alternates(ctx.batch_id)
        self.rows_of: dict[int, tuple[str, int | None]] = {}
        self.flagged: dict[int, Issue] = {}
        self.told: set[int] = set()

    def before_chunk(self, items: list[Item]) -> None:
        self.index = {}
        self.holders = {}
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
        pid, legacy, name, doc_type, doc, *contact = row
        contacts = dict(zip(("mobile", "phone", "phone2", "email"), contact[:4], strict=True))
        contacts.update(address=contact[4], city=contact[5], authorized_contact=contact[6])
        self._remember(
            Known(pid, legacy, _simple(name), contacts),
            document=f"{doc_type}:{doc}" if doc else "",
            mobile=contacts["mobile"],
            email=contacts["email"],
            phone=contacts["phone"],
            phone2=contacts["phone2"],
        )

    def _remember(self, known: Known, **keys: str) -> None:
        if document := keys.pop("document", ""):
            self.holders.setdefault(document, {})[known.profile_id] = known
        for kind, value in keys.items():
            if value:
                self.index.setdefault(f"{kind}:{value}", known)
                if kind in PHONE_KEYS:
                    self.index.setdefault(f"anyphone:{value}", known)

    def create(self, row: RowLike, conv: Converted) -> Outcome:
        doc = conv.keys.get("document")
        holders = sorted(self.holders.get(doc, {}).items()) if doc else []
        name = conv.keys.get("name", "")
        survivor = next((k for _, k in holders if similar_names(name, k.name)), None)
        if survivor is not None:
            return self._merge(conv, survivor)
        candidate, reason = self._likely_duplicate(conv)
        outcome = self._insert(row, conv)
        if holders:
            outcome.issues.append(self._shared(conv, [k for _, k in holders], outcome.target_id))
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

    def _shared(self, conv: Converted, holders: list[Known], profile_id: int) -> Issue:
        """The newcomer's issue names the earlier owners (the first few); an earlier owner
        without such an issue in this batch gets one, naming the first newcomer that shares
        its document: one issue per owner, however many share the number."""
        value = conv.fields.get("ident_number", "")
        self.told.add(profile_id)
        for known in holders:
            if known.profile_id not in self.told:
                self.told.add(known.profile_id)
                self.flagged[known.profile_id] = Issue(
                    "shared-document",
                    column="number_doc",
                    value=value,
                    params={"other_id": conv.legacy_id, "legacy_id": known.legacy_id},
                )
        named = ", ".join(k.legacy_id for k in holders[:SHARED_NAMED])
        if len(holders) > SHARED_NAMED:
            named += f" (+{len(holders) - SHARED_NAMED})"
        return Issue(
            "shared-document", column="number_doc", value=value, params={"other_id": named}
        )

    def _merge(self, conv: Converted, survivor: Known) -> Outcome:
        """One person (same document, similar name): the row joins the survivor, its pets follow
        through the alias, its differing contact values are kept as alternates."""
        self.ctx.idmap.add(
            self.source_type, conv.legacy_id, PROFILE_MODEL, survivor.profile_id, alias=True
        )
        values = differing(conv.fields, survivor.contacts)
        self.alternates.keep(survivor.profile_id, conv.legacy_id, values)
        issue = Issue(
            "duplicate-document",
            column="number_doc",
            value=conv.fields.get("ident_number", ""),
            params={"other_id": survivor.legacy_id},
        )
        return Outcome(
            DUPLICATE,
            target_id=survivor.profile_id,
            duplicate_of=survivor.profile_id,
            issues=[issue],
        )

    def _insert(self, row: RowLike, conv: Converted) -> Outcome:
        ids = self.writer.reserve()
        username = f"okvet-{conv.legacy_id}"
        if username in self.taken:
            username = f"{username}-{ids[1]}"
        active = not conv.deleted_at
        document = conv.keys.get("document", "")
        self.writer.add(
            ids,
            conv.fields,
            {
                "username": username,  # a legacy id is at most 100 characters
                "now": self.now,
                "legacy_id": conv.legacy_id,
                "extras": conv.extras,
                "is_active": active,
                "is_contactable": active,
                "alternates": self.alternates.for_new(ids[1]) if document else [],
            },
        )
        self.ctx.idmap.add(self.source_type, conv.legacy_id, PROFILE_MODEL, ids[1])
        f = conv.fields
        contacts = NO_CONTACTS  # only an owner with a document can be merged into
        if document:
            self.rows_of[ids[1]] = (getattr(row, "file", ""), getattr(row, "row", None))
            contacts = {name: f.get(name) or "" for name in ALTERNATE_FIELDS}
        self._remember(
            Known(ids[1], conv.legacy_id, conv.keys.get("name", ""), contacts),
            document=document,
            mobile=f["mobile"],
            email=f["email"],
            phone=f["phone"],
            phone2=f["phone2"],
        )
        return Outcome(IMPORTED, target_id=ids[1])

    def after_chunk(self) -> None:
        self.writer.flush()
        self.alternates.flush()

    def finish(self) -> list[tuple[tuple[str, int | None, str], Issue]]:
        """The earlier owners' ``shared-document`` issues, at the row that imported them (this
        batch or an earlier one)."""
        where = self.rows_of | _rows_of(sorted(set(self.flagged) - set(self.rows_of)))
        late = []
        for profile_id, issue in self.flagged.items():
            file, number = where.get(profile_id, ("", None))
            params = dict(issue.params)
            legacy = params.pop("legacy_id")
            late.append(
                ((file, number, legacy), Issue(issue.code, issue.column, issue.value, params))
            )
        return late
