"""Raw OkVet text cells → typed values, each with at most one data-quality issue.

Pure functions, no I/O, no Django. Every cleaner returns ``Cleaned(value, issue)`` so the
converters can record the problem and carry on: a bad cell never stops a row.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import phonenumbers
from stdnum.cl import rut as cl_rut
from stdnum.co import nit as co_nit
from stdnum.mx import curp as mx_curp
from unidecode import unidecode

from migration.convert.vocab import (
    BREEDS,
    COUNTRIES,
    DOCUMENT_TYPES,
    MONTHS,
    NEUTERED,
    NULL_TOKENS,
    SEX,
    SPECIES,
    WEIGHT_LIMITS,
    WEIGHT_UNITS,
)
from migration.issues import Issue


class Cleaned(NamedTuple):
    value: Any
    issue: Issue | None = None


class DocumentValue(NamedTuple):
    doc_type: str
    number: str
    normalized: str
    phone_text: str = ""


_SEPARATORS = re.compile(r"[\s\-]+")


@lru_cache(maxsize=8192)
def normalize_key(raw: str) -> str:
    """Key: ``"Pastor Alemán"`` → ``"pastor_aleman"``, ``"Mini-pig"`` → ``"mini_pig"``.

    Cached: the same few hundred species, breeds, units and types repeat on every row.
    """
    return _SEPARATORS.sub("_", unidecode(raw).strip().lower())


# --- text ----------------------------------------------------------------------------------


def is_null(raw: str) -> bool:
    """OkVet users fill mandatory fields with ``"."``, ``"N/A"`` or ``"***"`` meaning empty."""
    text = raw.strip()
    if not text:
        return True
    return len(text) <= 16 and text[0] not in FILLED_FIRST and _null_token(text)


_NULL_FIRST = frozenset(token[0] for token in NULL_TOKENS if token)
FILLED_FIRST = frozenset(ch for ch in map(chr, range(0x21, 0x7F)) if ch.lower() not in _NULL_FIRST)
"""Printable ASCII characters that start no null token. Most texts start with one (which
normalising keeps): they are filled, answered without normalising or a cache lookup, and a
caller counting many cells can tell so without calling ``is_null``."""


@lru_cache(maxsize=8192)
def _null_token(text: str) -> bool:
    return " ".join(unidecode(text).lower().split()) in NULL_TOKENS


def clean_text(raw: str) -> str:
    """Free text without null-like fillers: ``" -- "`` → ``""``; newlines inside are kept."""
    text = raw.strip()
    if not text or (len(text) <= 16 and text[0] not in FILLED_FIRST and _null_token(text)):
        return ""
    return text


_PLACEHOLDER_NAMES = frozenset(
    ("n/d", "nd", "n/a", "na", "sin_nombre", "desconocido", "desconocida", "xxx", "xx", "x")
)
PARTICLES = frozenset(("de", "del", "la", "las", "los", "y", "e", "da", "van", "von"))
_PLACEHOLDER_FIRST = frozenset(name[0] for name in _PLACEHOLDER_NAMES) | _NULL_FIRST
"""A name starting with another ASCII character is neither a placeholder nor a null token:
``normalize_key`` keeps an ASCII first character (lower-cased)."""


_LETTER_RUN = re.compile(r"[^\W\d_]+")


def _capitalize(word: str) -> str:
    """Each run of letters capitalised: ``"O'BRIEN"`` → ``"O'Brien"``. A word of letters only
    (most of them) is one run, capitalised without the regular expression."""
    if word.isalpha():
        return word[:1].upper() + word[1:].lower()
    return _LETTER_RUN.sub(lambda m: m[0][:1].upper() + m[0][1:].lower(), word)


def title_case(text: str) -> str:
    """Spanish title case: ``"MARIA PEREZ DE LA TORRE"`` → ``"Maria Perez de la Torre"``."""
    words = text.split()
    return " ".join(
        w.lower() if i and w.lower() in PARTICLES else _capitalize(w) for i, w in enumerate(words)
    )


def fit(text: str, *, column: str, limit: int) -> Cleaned:
    """A value for a field with a real limit (an identity number, a code, a currency): whole
    when it fits, else empty with a ``truncated-value`` issue carrying the whole text, which
    ``Converted.take`` keeps in the record's legacy extras. Never a cut value: a 60-digit
    ``number_doc`` is no document of 50 digits. Free text has no limit (a ``TextField``)."""
    if len(text) <= limit:
        return Cleaned(text)
    params = {"length": len(text), "limit": limit}
    return Cleaned("", Issue("truncated-value", column=column, value=text, params=params))


def clean_name(raw: str, *, column: str) -> Cleaned:
    """A person's or pet's name; 40 % of OkVet names are ALL CAPS, about 1 % are ``N/D``."""
    text = " ".join(raw.split())
    if not text:
        return Cleaned("", Issue("missing-name", column=column))
    if (
        len(text) <= 16
        and (text[0] >= "\x80" or text[0].lower() in _PLACEHOLDER_FIRST)
        and (normalize_key(text) in _PLACEHOLDER_NAMES or is_null(text))
    ):
        return Cleaned("", Issue("placeholder-name", column=column, value=raw))
    # ``isupper`` answers most names in one call; it also counts cased symbols (Ⓐ), so an
    # upper-case text is checked letter by letter.
    if text.isupper():
        letters = [ch for ch in text if ch.isalpha()]
        if letters and all(ch.isupper() for ch in letters):
            return Cleaned(title_case(text))
    return Cleaned(text)


def split_name(full: str) -> tuple[str, str]:
    """OkVet has one name column: ``"Ana María de la Torre"`` → ``("Ana María", "de la Torre")``."""
    words = full.split()
    if not words:
        return "", ""
    cut = 1 if len(words) <= 3 else 2
    while cut > 1 and words[cut - 1].lower() in PARTICLES:
        cut -= 1
    return " ".join(words[:cut]), " ".join(words[cut:])


# --- dates ---------------------------------------------------------------------------------

_ISO = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T].*)?")
_DAY_FIRST = re.compile(r"(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4}|\d{2})")
_DAY_WORD = re.compile(r"(\d{1,2})(?:\s+de\s+|[\s\-/.]+)([a-z]+)\.?(?:\s+de\s+|[\s\-/.,]+)(\d{4})")
_WORD_DAY = re.compile(r"([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})")


def _year(text: str) -> int:
    if len(text) == 4:
        return int(text)
    short = int(text)
    return short + (1900 if short > date.today().year % 100 else 2000)


def _make_date(year: int, month: int | None, day: int) -> date | None:
    try:
        return date(year, month, day) if month else None
    except ValueError:
        return None


def _to_date(text: str) -> date | None:
    """Any accepted date form, day-first only: ``"12/25/2020"`` is not a date."""
    if m := _ISO.fullmatch(text):
        return _make_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _DAY_FIRST.fullmatch(text):
        return _make_date(_year(m[3]), int(m[2]), int(m[1]))
    lower = unidecode(text).lower()
    if m := _DAY_WORD.fullmatch(lower):
        return _make_date(int(m[3]), MONTHS.get(m[2]), int(m[1]))
    if m := _WORD_DAY.fullmatch(lower):
        return _make_date(int(m[3]), MONTHS.get(m[1]), int(m[2]))
    return None


def _read_date(raw: str) -> date | None:
    if len(raw) == 10 and raw[4] == "-":
        try:
            return date.fromisoformat(raw)
        except ValueError:
            return None
    return _to_date(" ".join(raw.split()))


YEARS = (1900, 2199)
"""The years a date of a clinic's history can be in. Outside them a cell is a placeholder or a
typo, not a date: OkVet's ``"0001-01-01"`` and ``"0204-05-06"``, a "never" of
``"9999-12-31"`` (whose timestamp, moved to UTC, leaves the calendar Python and the database
hold), Excel's day zero ``"1899-12-30"``, ``"2202-05-01"`` typed for 2022."""

_FIRST_YEAR, _LAST_YEAR = YEARS


def parse_date(raw: str, *, column: str) -> Cleaned:
    """A calendar date; month-first forms and years outside ``YEARS`` are invalid."""
    text = clean_text(raw)
    if not text:
        return Cleaned(None)
    value = _read_date(text)
    if value is None or not _FIRST_YEAR <= value.year <= _LAST_YEAR:
        return Cleaned(None, Issue("invalid-date", column=column, value=raw))
    return Cleaned(value)


_TIME = re.compile(
    r"[ t]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?\s*"
    r"(?:([ap])\.?\s*m\.?)?\s*(z|[+-]\d{2}:?\d{2})?",
)


def _offset(text: str | None, tz: ZoneInfo) -> timezone | ZoneInfo:
    if not text:
        return tz
    if text == "z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _to_datetime(text: str, tz: ZoneInfo) -> datetime | None:
    lower = " ".join(text.lower().split())
    m = _TIME.search(lower)
    if m is None or m.end() != len(lower):
        day = None if ":" in lower else _to_date(lower)
        return datetime(day.year, day.month, day.day, tzinfo=tz) if day else None
    day = _to_date(lower[: m.start()])
    hour, minute, second = int(m[1]), int(m[2]), int(m[3] or 0)
    if m[5]:
        hour = hour % 12 + (12 if m[5] == "p" else 0)
    micro = int((m[4] or "0").ljust(6, "0"))
    try:
        return datetime.combine(day, datetime.min.time()).replace(
            hour=hour, minute=minute, second=second, microsecond=micro, tzinfo=_offset(m[6], tz)
        )
    except (TypeError, ValueError):
        return None


def _iso_datetime(text: str, tz: ZoneInfo) -> datetime | None:
    """Fast path for the dump's own ``2021-03-05 14:30:00``: no regular expression, and the
    zone attached with ``combine``, which is 5× cheaper than ``replace(tzinfo=tz)``."""
    if len(text) == 19 and text[4] == "-" and text[10] in " T" and text[13] == ":":
        try:
            naive = datetime.fromisoformat(text)
        except ValueError:
            return None
        return datetime.combine(naive, naive.time(), tz)
    return None


def parse_datetime(raw: str, *, column: str, tz: ZoneInfo) -> Cleaned:
    """A timestamp; OkVet's are naive local time: ``"2021-03-05 14:30:00"`` in ``tz``."""
    text = clean_text(raw)
    if not text:
        return Cleaned(None)
    value = _iso_datetime(text, tz) or _to_datetime(text, tz)
    if value is None or not _FIRST_YEAR <= value.year <= _LAST_YEAR:
        return Cleaned(None, Issue("invalid-date", column=column, value=raw))
    return Cleaned(value)


def parse_birth_date(raw: str, *, column: str, today: date) -> Cleaned:
    """Birth date and its precision: 1 January means "born that year" (an estimated age)."""
    text = clean_text(raw)
    if not text:
        return Cleaned((None, "unknown"))
    value = _read_date(text)
    code = None
    if value is None:
        code = "invalid-date"
    elif value == date(2000, 1, 1):
        code = "placeholder-birth-date"
    elif value.year < 1950:
        code = "impossible-birth-date"
    elif value > today:
        code = "future-date"
    if code:
        return Cleaned((None, "unknown"), Issue(code, column=column, value=raw))
    if value.day != 1:
        return Cleaned((value, "exact"))
    return Cleaned((value, "year" if value.month == 1 else "month"))


# --- contact -------------------------------------------------------------------------------

_PHONE_PUNCT = re.compile(r"[\s\-.()]")


def _phone_fast(text: str, region: str) -> str:
    if text[:3] in ("+57", "+52") and len(text) == 13 and text[1:].isdigit():
        return text if text[:3] == "+52" or text[3] == "3" else ""
    digits = _PHONE_PUNCT.sub("", text)
    colombian = region == "CO" and len(digits) == 10 and digits.isdigit()
    if colombian and (digits[0] == "3" or digits[:2] == "60"):
        return "+57" + digits
    return ""


def known_region(region: str) -> bool:
    """A country phones can be read for: ``"co"``, ``"MX"``; an empty one is Colombia."""
    return (region or "CO").upper() in phonenumbers.SUPPORTED_REGIONS


def normalize_phone(raw: str, *, column: str, region: str) -> Cleaned:
    """E.164 or ``""``: ``"300 123 45 67"`` → ``"+573001234567"``; ``"***"`` means empty."""
    text = clean_text(raw)
    if not text:
        return Cleaned("")
    region = (region or "CO").upper()
    if fast := _phone_fast(text, region):
        return Cleaned(fast)
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        return Cleaned("", Issue("invalid-phone", column=column, value=raw))
    return Cleaned(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


_EMAIL = re.compile(
    r"[a-z0-9._%+'\-]+@[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:\.[a-z0-9\-]+)*\.[a-z]{2,}"
)


def normalize_email(raw: str, *, column: str) -> Cleaned:
    """Lower-cased email; 6 % of OkVet emails are upper case (``MARIA@MAIL.COM``)."""
    text = clean_text(raw).lower()
    if not text:
        return Cleaned("")
    if not _EMAIL.fullmatch(text):
        return Cleaned("", Issue("invalid-email", column=column, value=raw))
    return Cleaned(text)


def country_code(raw: str, *, default: str) -> str:
    """ISO alpha-2 of a Google-Places country (``"México"`` → ``"MX"``), else ``default``."""
    text = clean_text(raw)
    if not text:
        return default
    code = COUNTRIES.get(normalize_key(text))
    if code is None and "," in text:
        code = COUNTRIES.get(normalize_key(text.rsplit(",", 1)[1]))
    return code or default


# --- documents -----------------------------------------------------------------------------

_PHONE_TYPES = frozenset(("mobile", "celular", "telefono", "phone", "movil"))


def _check_document(doc_type: str, number: str, normalized: str) -> Issue | None:
    """python-stdnum checks where a checksum exists; a CC is just 3 to 10 digits."""
    checks = {
        "nit": ("NIT", co_nit.is_valid),
        "curp": ("CURP", mx_curp.is_valid),
        "rut": ("RUT", cl_rut.is_valid),
        "cc": ("CC", lambda n: re.fullmatch(r"\d{3,10}", n) is not None),
    }
    if doc_type not in checks:
        return None
    label, check = checks[doc_type]
    if check(normalized):
        return None
    return Issue("invalid-document", column="number_doc", value=number, params={"doc_type": label})


def normalize_document(ident_type: str, number: str, *, country: str) -> Cleaned:
    """Identity document; OkVet's ``mobile`` type holds the owner's phone, not a document."""
    number = clean_text(number)
    key = normalize_key(ident_type)
    if key in _PHONE_TYPES:
        if not number:
            return Cleaned(DocumentValue("", "", ""))
        issue = Issue("phone-as-document", column="number_doc", value=number)
        return Cleaned(DocumentValue("", "", "", phone_text=number), issue)
    doc_type = DOCUMENT_TYPES.get(key, "")
    if not number:
        return Cleaned(DocumentValue(doc_type, "", ""))
    issue = None
    if not doc_type:
        doc_type = "other"
        if key:
            issue = Issue("unknown-document-type", column="ident_type", value=ident_type)
    normalized = re.sub(r"[^A-Z0-9]", "", unidecode(number).upper())
    issue = issue or _check_document(doc_type, number, normalized)
    return Cleaned(DocumentValue(doc_type, number, normalized), issue)


# --- pets ----------------------------------------------------------------------------------

_OTHER_WORDS = frozenset(("other", "otro", "otra", "otros", "otras"))


def map_species(specie: str, specie_other: str) -> Cleaned:
    """Species code and the text as typed: ``("other", "Hurón")`` → ``("ferret", "Hurón")``."""
    slug, free = clean_text(specie), clean_text(specie_other)
    original = free or slug
    code = SPECIES.get(normalize_key(slug)) if slug else None
    if free and (code is None or code == "other"):
        code = SPECIES.get(normalize_key(free)) or code
    if code is None or (code == "other" and free):
        return Cleaned(
            ("other", original), Issue("unknown-species", column="specie", value=original)
        )
    return Cleaned((code, original))


def _humanize(slug: str) -> str:
    if re.fullmatch(r"[a-z0-9_]+", slug):
        return " ".join(word.capitalize() for word in slug.split("_"))
    return slug


def map_breed(race: str, race_other: str) -> tuple[str, str]:
    """Breed display and original: ``criolloa``, ``SRD`` and ``mestizo`` are all "Mestizo"."""
    slug, free = clean_text(race), clean_text(race_other)
    original = free or slug
    if normalize_key(slug) in _OTHER_WORDS:
        slug = ""
    if not (slug or free):
        return "", original
    if slug and (known := BREEDS.get(normalize_key(slug))):
        return known, original
    if free:
        return BREEDS.get(normalize_key(free), free), original
    return _humanize(slug), original


def map_sex(raw: str, *, column: str) -> Cleaned:
    """OkVet ``gender_id``: 1 male, 2 female, 3 unknown."""
    text = clean_text(raw)
    if not text:
        return Cleaned("unknown")
    sex = SEX.get(normalize_key(text))
    if sex is None:
        return Cleaned("unknown", Issue("unknown-sex", column=column, value=raw))
    return Cleaned(sex)


def map_neutered(raw: str, *, column: str) -> Cleaned:
    """``sterilized``/``unsterilized``; OkVet's ``unknow`` (sic) is a known unknown."""
    text = clean_text(raw)
    if not text:
        return Cleaned(None)
    key = normalize_key(text)
    if key not in NEUTERED:
        return Cleaned(None, Issue("unknown-reproductive-state", column=column, value=raw))
    return Cleaned(NEUTERED[key])


_TRUE = frozenset(("1", "1.0", "true", "si", "yes", "s", "x", "y", "t", "verdadero"))
_FALSE = frozenset(("0", "0.0", "false", "no", "n", "f", "falso"))


def parse_bool(raw: str, *, column: str) -> Cleaned:
    """Flags such as ``dead``: ``0``/``1``, ``Sí``/``No``, or an ``x`` ticked in a sheet."""
    key = normalize_key(raw)
    if key in _TRUE:
        return Cleaned(True)
    if key in _FALSE:
        return Cleaned(False)
    if is_null(raw):
        return Cleaned(None)
    return Cleaned(None, Issue("invalid-boolean", column=column, value=raw))


# --- numbers -------------------------------------------------------------------------------

_NUMBER = re.compile(r"-?(\d+(\.\d*)?|\.\d+)")
_CURRENCY = re.compile(r"[\s$€£]|cop|usd|mxn|clp|pen")


def _unseparate(text: str, thousands: bool) -> str:
    """``"1.234,50"`` → ``"1234.50"``: with both separators, the last one is the decimal."""
    if "," in text and "." in text:
        dec = "," if text.rfind(",") > text.rfind(".") else "."
        return text.replace("." if dec == "," else ",", "").replace(",", ".")
    for sep in (",", "."):
        if text.count(sep) > 1:
            return text.replace(sep, "")
    if thousands and re.fullmatch(r"-?\d{1,3}\.\d{3}", text):
        return text.replace(".", "")
    return text.replace(",", ".")


def _to_decimal(text: str, thousands: bool) -> Decimal | None:
    cleaned = _unseparate(_CURRENCY.sub("", text.lower()), thousands)
    if not _NUMBER.fullmatch(cleaned):
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern admits only plain decimals
        return None
    return value if value else abs(value)  # ``"-0"`` is zero


class Room(NamedTuple):
    """What a ``DecimalField(max_digits=digits, decimal_places=places)`` holds."""

    digits: int
    places: int

    @property
    def whole(self) -> int:
        """Digits before the decimal point: 12 for money (``Room(14, 2)``)."""
        return self.digits - self.places

    def holds(self, value: Decimal) -> bool:
        """Whether the column stores ``value`` as it is, neither refused nor rounded by the
        database: ``Room(5, 2)`` holds ``999.99`` and ``-0.500``, not ``1000``, ``0.005``
        nor 400 nines."""
        if not value.is_finite() or value.adjusted() >= self.whole:
            return False
        return value.quantize(Decimal(1).scaleb(-self.places)) == value

    def rounded(self, value: Decimal) -> Decimal | None:
        """``value`` rounded to the column's places (a weight in pounds, a VAT fraction), or
        ``None`` when even rounded it does not fit: ``Room(10, 3)`` rounds ``1.9051`` to
        ``1.905`` and gives ``None`` for ``9999999.9999``."""
        if not value.is_finite() or value.adjusted() >= self.whole:
            return None
        rounded = value.quantize(Decimal(1).scaleb(-self.places))
        return rounded if rounded.adjusted() < self.whole else None


def fit_decimal(value: Decimal, raw: str, *, column: str, room: Room) -> Cleaned:
    """``value`` when its column holds it; else ``None`` and a ``number-out-of-range`` issue
    carrying the cell as written (kept in legacy extras), never a database error nor a value
    the database would round."""
    if room.holds(value):
        return Cleaned(value)
    params = {"digits": room.whole, "places": room.places}
    return Cleaned(None, Issue("number-out-of-range", column=column, value=raw, params=params))


def parse_decimal(
    raw: str, *, column: str, thousands: bool = False, room: Room | None = None
) -> Cleaned:
    """A number as typed in Colombia or Mexico: ``"12,5"``, ``"$ 1.234.567,50"``; with
    ``room``, only one its column holds (``fit_decimal``)."""
    text = clean_text(raw)
    if not text:
        return Cleaned(None)
    value = _to_decimal(text, thousands)
    if value is None:
        return Cleaned(None, Issue("invalid-number", column=column, value=raw))
    if room is not None:
        return fit_decimal(value, raw, column=column, room=room)
    return Cleaned(value)


BIGINT = 2**63 - 1


def parse_int(raw: str, *, column: str, maximum: int = BIGINT) -> Cleaned:
    """A whole number; spreadsheets turn ``12`` into ``"12.0"``. Beyond ``maximum`` (a 64-bit
    integer by default) it is no number a column holds: ``number-out-of-range``."""
    text = clean_text(raw)
    if not text:
        return Cleaned(None)
    if not re.fullmatch(r"-?\d+(\.0*)?", text):
        return Cleaned(None, Issue("invalid-number", column=column, value=raw))
    digits = text.split(".")[0].lstrip("-").lstrip("0") or "0"
    if len(digits) > len(str(maximum)) or int(digits) > maximum:
        params = {"digits": len(str(maximum)), "places": 0}
        return Cleaned(None, Issue("number-out-of-range", column=column, value=raw, params=params))
    return Cleaned(-int(digits) if text[0] == "-" else int(digits))


_WEIGHT = re.compile(r"(\d+(?:[.,]\d+)?)\s*([a-z.]*)")
WEIGHT = Room(10, 3)
"""``Pet.weight_kg`` and ``MedicalRecord.weight_kg``: under 10,000,000 kg."""


def _plausible(kg: Decimal, species: str) -> bool:
    low, high = WEIGHT_LIMITS.get(species, WEIGHT_LIMITS["other"])
    return Decimal(low) <= kg <= Decimal(high)


def parse_weight(raw: str, unit: str, *, column: str, species: str) -> Cleaned:
    """Weight in kg; OkVet's ``0`` is a placeholder and a 3,200 kg cat is kept, flagged; a
    weight no field holds (10,000,000 kg, 400 nines) is not a weight (``weight_raw`` keeps it)."""
    text = clean_text(raw)
    if not text:
        return Cleaned(None)
    m = _WEIGHT.fullmatch(unidecode(text).lower())
    if m is None:
        return Cleaned(None, Issue("invalid-weight", column=column, value=raw))
    number = Decimal(m[1].replace(",", "."))
    if not number:
        return Cleaned(None, Issue("zero-weight", column=column, value=raw))
    unit_text = m[2] or clean_text(unit)
    factor = WEIGHT_UNITS.get(normalize_key(unit_text).rstrip("."))
    if factor is None:
        return Cleaned(None, Issue("unknown-weight-unit", column="weight_unit", value=unit_text))
    kg = WEIGHT.rounded(number * factor)
    if kg is None:
        return Cleaned(None, Issue("invalid-weight", column=column, value=raw))
    if not _plausible(kg, species):
        params = {"kg": str(kg), "species": species}
        return Cleaned(kg, Issue("implausible-weight", column=column, value=raw, params=params))
    return Cleaned(kg)


_NO_CHIP = frozenset(("no", "n", "ninguno", "ninguna", "sin_chip", "sin_microchip", "no_tiene"))


def parse_microchip(raw: str, *, column: str) -> Cleaned:
    """ISO 11784 chip (15 digits) or, for anything else typed there, the clinic's own code."""
    text = clean_text(raw)
    if not text or normalize_key(text) in _NO_CHIP:
        return Cleaned(("", ""))
    digits = re.sub(r"(?<=\d)[\s\-.]+(?=\d)", "", text)
    if len(digits) == 15 and digits.isdigit():
        return Cleaned((digits, ""))
    return Cleaned(("", text), Issue("invalid-microchip", column=column, value=text))
