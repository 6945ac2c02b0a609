"""OkVet ``appointments`` (citas) → bookings, muted reminders and blocked slots.

About half of OkVet's appointments start at 00:00:00: OkVet creates them by itself from the
``next_*`` dates of vaccines and controls. They are reminders, not bookings, and come over as
such, muted. A slot without owner or pet is a block in the agenda. A sanitized row::

    id=71, owner_id=101, pet_id=201, type=vaccine, start=2024-04-05 00:00:00,
    end=2024-04-05 00:00:00, assistance=pending

becomes a muted all-day reminder for pet 201, status pending.
"""

from __future__ import annotations

from datetime import time

from migration.convert import cleaners as c
from migration.convert.base import (
    ConvertContext,
    Converted,
    RowLike,
    keep_unmapped,
    legacy_key,
)
from migration.issues import Issue
from migration.read.declarations import DECLARATIONS

STATUSES = {
    "preregistration": "preregistered",
    "pending": "pending",
    "attend": "attended",
    "attended": "attended",
    "confirmed": "confirmed",
    "unattend": "no_show",
    "unattended": "no_show",
    "deleted": "cancelled",
    "cancelled": "cancelled",
    "canceled": "cancelled",
}
MAPPED = DECLARATIONS["appointments"].mapped


def is_all_day(start, end) -> bool:
    """OkVet's automatic reminders: start at midnight, end empty or at a midnight too."""
    if start is None or start.time() != time(0):
        return False
    return end is None or end.time() == time(0)


def convert_appointment(row: RowLike, ctx: ConvertContext) -> Converted:
    v = row.values
    out = Converted(legacy_id=legacy_key(v.get("id", "")))
    if not out.legacy_id:
        out.issues.append(Issue("missing-id", column="id"))
    out.refs.update(
        owner=legacy_key(v.get("owner_id", "")),
        pet=legacy_key(v.get("pet_id", "")),
        author=legacy_key(v.get("responsible_id", "")) or legacy_key(v.get("user_id", "")),
    )
    out.refs["clinic"] = legacy_key(v.get("vet_id", ""))
    out.deleted_at = c.clean_text(v.get("deleted_at", ""))
    start = out.take(c.parse_datetime(v.get("start", ""), column="start", tz=ctx.tz))
    end = out.take(c.parse_datetime(v.get("end", ""), column="end", tz=ctx.tz))
    out.fields.update(
        kind=c.clean_text(v.get("type", "")),
        subtype=c.clean_text(v.get("subtype", "")),
        summary=c.clean_text(v.get("summary", "")),
        description=c.clean_text(v.get("description", "")),
        comments=c.clean_text(v.get("comments", "")),
        start=start,
        end=end,
        status=_status(out, v.get("assistance", "")),
        is_reminder=is_all_day(start, end),
        is_blocked_slot=not out.refs["owner"] and not out.refs["pet"],
    )
    for column in ("created_at", "updated_at"):
        out.fields[column] = out.take(c.parse_datetime(v.get(column, ""), column=column, tz=ctx.tz))
    for column in ("vet_id", "user_id", "responsible_id", "variables"):
        if text := c.clean_text(v.get(column, "")):
            out.extras[column] = text
    return keep_unmapped(out, row, MAPPED)


def _status(out: Converted, raw: str) -> str:
    text = c.clean_text(raw)
    if not text:
        return ""
    status = STATUSES.get(c.normalize_key(text))
    if status is None:
        out.issues.append(Issue("unknown-appointment-status", column="assistance", value=raw))
        out.extras["assistance"] = raw
        return ""
    return status
