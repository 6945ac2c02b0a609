"""How the clinic reads numbers, money, dates and ages: the Colombian way, whatever the language.

Pure functions of a value (and, for ages, of today), so every one is testable with a literal:
``kg(Decimal("18.800"))`` is ``"18,8 kg"``, ``money(Decimal("94744.00"), "COP")`` is
``"94.744 COP"``, a vaccination on 2026-12-02 is ``"02/12/2026"`` (never ``"00:00"``), a
moment is shown in the clinic's time zone (America/Bogota): ``"02/12/2026 10:30"``.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _


def number(value: Decimal | int | float | None, *, places: int | None = None) -> str:
    """``Decimal("1234.50")`` → ``"1.234,5"``: thousands with a dot, decimals with a comma,
    trailing zeros dropped unless ``places`` fixes them."""
    if value is None:
        return ""
    amount = Decimal(str(value))
    if places is not None:
        amount = amount.quantize(Decimal(1).scaleb(-places))
        text = f"{amount:,.{places}f}"
    else:
        text = f"{amount.normalize():,f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def kg(value: Decimal | None) -> str:
    return f"{number(value)} kg" if value is not None else ""


def money(value: Decimal | None, currency: str = "COP") -> str:
    """Whole pesos without decimals (``"94.744 COP"``); cents only when there are some."""
    if value is None:
        return ""
    places = 0 if Decimal(value) == Decimal(value).to_integral_value() else 2
    return f"{number(value, places=places)} {currency}".strip()


def day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return value.strftime("%d/%m/%Y")


def moment(value: datetime | None) -> str:
    """A date and time in the clinic's time zone; midnight sharp is a date alone (OkVet's
    all-day entries)."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    if (local.hour, local.minute, local.second) == (0, 0, 0):
        return local.strftime("%d/%m/%Y")
    return local.strftime("%d/%m/%Y %H:%M")


def month_year(value: date) -> str:
    """``date(2019, 3, 1)`` → ``"marzo de 2019"`` in Spanish."""
    return _("{month} of {year}").format(month=str(MONTHS[value.month]).lower(), year=value.year)


def months_between(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def age(born: date, today: date) -> str:
    """``"7 años"``, ``"5 meses"``, ``"menos de un mes"``; empty when born after today."""
    months = months_between(born, today)
    if born > today or months < 0:
        return ""
    if months >= 12:
        years = months // 12
        return _("1 year") if years == 1 else _("{n} years").format(n=years)
    if months >= 1:
        return _("1 month") if months == 1 else _("{n} months").format(n=months)
    return _("less than a month")


def folded(text: str) -> str:
    """Case- and accent-insensitive form of a text, for comparing what people typed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()


def staff_name(staff) -> str:
    """The name of whoever wrote an entry: the staff member's name as the clinic wrote it,
    else the full name of the user account linked to them, else the name the import gave
    them (``"Usuario OkVet 10"``: OkVet's dump names nobody, only user ids)."""
    if staff is None:
        return ""
    name = (staff.name or "").strip()
    if name and not _generated(staff, name):
        return name
    user = staff.user
    full = user.get_full_name().strip() if user is not None else ""
    return full or name or (user.get_username() if user is not None else "")


def _generated(staff, name: str) -> bool:
    """Whether ``name`` is the import's stand-in for an unnamed OkVet user, in any language."""
    if not staff.legacy_id:
        return False
    stand_ins = set()
    for language in ("en", "es"):
        with translation.override(language):
            stand_ins.add(_("OkVet user {id}").format(id=staff.legacy_id))
    return name in stand_ins
