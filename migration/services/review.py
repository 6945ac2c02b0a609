"""``issues_close``: issues of the review queue resolved or ignored, by someone, with why.

The same record the admin's *Mark as resolved* and *Ignore* actions keep: the issue is closed,
with who, when, and the verdict followed by the reason (``"Ignored: the client confirmed it"``).
A sync conflict is settled by ``conflicts.conflict_resolve`` instead, which writes a value.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from migration.errors import ReviewError
from migration.i18n import gettext_noop
from migration.models import DataQualityIssue

RESOLVE, IGNORE = "resolve", "ignore"
VERDICTS = {RESOLVE: gettext_noop("Resolved"), IGNORE: gettext_noop("Ignored")}


@dataclass(frozen=True)
class Closed:
    issue_ids: list[int]
    resolution: str


def issues_close(*, issue_ids: list[int], verdict: str, reason: str, user_id: int | None) -> Closed:
    """Close the open issues among ``issue_ids``; those already closed are left as they are."""
    reason = reason.strip()
    if verdict not in VERDICTS:
        raise ReviewError(gettext_noop("unknown verdict {verdict!r}"), verdict=verdict)
    if not reason:
        raise ReviewError(gettext_noop("say why the issue is closed"))
    resolution = f"{gettext(VERDICTS[verdict])}: {reason}"
    with transaction.atomic():
        open_issues = DataQualityIssue.objects.select_for_update().filter(
            pk__in=issue_ids, resolved=False
        )
        ids = sorted(open_issues.values_list("pk", flat=True))
        if not ids:
            raise ReviewError(gettext_noop("the issue is already closed or does not exist"))
        DataQualityIssue.objects.filter(pk__in=ids).update(
            resolved=True, resolved_by_id=user_id, resolved_at=timezone.now(), resolution=resolution
        )
    return Closed(ids, resolution)
