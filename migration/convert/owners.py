"""OkVet ``owners`` (propietarios) row → owner profile and user fields.

A sanitized dump row::

    id=1042, name="MARIA PEREZ", ident_type=mobile, number_doc=3001234567,
    mobile=+573001234567, phone=***, email=MARIA@MAIL.COM, country=Colombia

becomes an owner named "Maria Perez" with mobile +573001234567, email maria@mail.com, no
identity document (OkVet's "mobile" document type is the phone number, not a document).
"""

from __future__ import annotations

from unidecode import unidecode

from migration.convert import cleaners as c
from migration.convert.base import (
    ConvertContext,
    Converted,
    RowLike,
    keep_unmapped,
    legacy_key,
)
from migration.convert.identity import placeholder_document
from migration.issues import Issue
from migration.read.declarations import DECLARATIONS

MAPPED = DECLARATIONS["owners"].mapped
DOCUMENT = 50
"""The identity number's real limit (``OwnerProfile.ident_number``); every other text is free."""
USER_NAME = 150
"""Django's ``User.first_name`` / ``last_name``: a copy of the parts of ``full_name``."""


def convert_owner(row: RowLike, ctx: ConvertContext) -> Converted:
    v = row.values
    out = Converted(legacy_id=legacy_key(v.get("id", "")))
    if not out.legacy_id:
        out.issues.append(Issue("missing-id", column="id"))
    out.deleted_at = c.clean_text(v.get("deleted_at", ""))
    region = c.country_code(v.get("country", ""), default=ctx.default_region)
    _identity(out, v, region)
    _contact(out, v, region, ctx)
    _place(out, v, region)
    _dates(out, v, ctx)
    return keep_unmapped(out, row, MAPPED)


def _identity(out: Converted, v: dict[str, str], region: str) -> None:
    name = out.take(c.clean_name(v.get("name", ""), column="name"))
    first, last = c.split_name(name)
    if len(first) > USER_NAME or len(last) > USER_NAME:
        first = last = ""  # the login's copy only: the whole name is the owner's full_name
    out.fields.update(full_name=name, first_name=first, last_name=last)
    doc = out.take(
        c.normalize_document(v.get("ident_type", ""), v.get("number_doc", ""), country=region),
        keep_raw=False,
    )
    if doc.number and placeholder_document(doc.number, doc.normalized):
        out.issues.append(Issue("placeholder-document", column="number_doc", value=doc.number))
        doc = doc._replace(normalized="")
    number = doc.number
    if len(number) > DOCUMENT:  # the check inline: a function call per row is measurable
        number = out.take(c.fit(number, column="number_doc", limit=DOCUMENT))
    normalized = doc.normalized if number else ""
    out.fields.update(ident_type=doc.doc_type, ident_number=number)
    out.fields["ident_number_normalized"] = normalized
    if normalized and doc.doc_type:
        out.keys["document"] = f"{doc.doc_type}:{normalized}"
    out.keys["name"] = unidecode(name).casefold()  # compared with rapidfuzz, accents aside
    out.refs["phone_as_document"] = doc.phone_text


def _contact(out: Converted, v: dict[str, str], region: str, ctx: ConvertContext) -> None:
    for column in ("mobile", "phone", "phone2"):
        raw = c.clean_text(v.get(column, ""))
        out.fields[f"{column}_raw"] = raw
        out.fields[column] = out.take(
            c.normalize_phone(raw, column=column, region=region), keep_raw=False
        )
    spare = out.refs.pop("phone_as_document", "")
    if spare and not out.fields["mobile"]:
        out.fields["mobile_raw"] = spare
        out.fields["mobile"] = out.take(
            c.normalize_phone(spare, column="number_doc", region=region), keep_raw=False
        )
    out.fields["email"] = out.take(c.normalize_email(v.get("email", ""), column="email"))
    for key in ("mobile", "email", "phone", "phone2"):
        if out.fields[key]:
            out.keys[key] = out.fields[key]
    reachable = ("mobile", "phone", "phone2", "email")
    if not any(out.fields[key] for key in reachable):
        out.issues.append(Issue("no-contact"))


def _place(out: Converted, v: dict[str, str], region: str) -> None:
    text = c.clean_text
    out.fields.update(
        address=text(v.get("address", "")),
        city=text(v.get("city", "")),
        region=text(v.get("region", "")),
        country=text(v.get("country", "")),
        country_code=region,
        authorized_contact=text(v.get("conctact", "")),
        person_kind=text(v.get("kind_person", "")),
        tax_regime=text(v.get("regime", "")),
    )


def _dates(out: Converted, v: dict[str, str], ctx: ConvertContext) -> None:
    for column, target in (
        ("habeas_at", "habeas_at"),
        ("created_at", "created_at"),
        ("updated_at", "updated_at"),
    ):
        out.fields[target] = out.take(c.parse_datetime(v.get(column, ""), column=column, tz=ctx.tz))
    if out.deleted_at:
        out.extras["deleted_at"] = out.deleted_at
