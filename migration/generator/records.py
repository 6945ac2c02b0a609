"""Owner and pet records: the clean TRUTH first, then the MESSY OkVet row derived from it.

Building the truth first and dirtying it afterwards is what makes the generator a ground truth:
every quirk (ALL-CAPS names, dotted documents, grams typed as kilograms, ...) is applied to a
value whose correct reading is already known, independently of the converter under test.
Rows hold canonical dump column names; dates stay ``date``/``datetime`` so each writer can
render them in its own shape.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from random import Random

from stdnum.co import nit

from migration.generator.pools import (
    CANINE_RACES,
    CO_PLACES,
    COLORS,
    EMAIL_DOMAINS,
    FELINE_RACES,
    FOODS,
    FOREIGN_DOC_TYPES,
    MX_PLACES,
    OTHER_SPECIES,
    PET_NAMES,
    Pools,
)

START = datetime(2017, 1, 1, 7, 0)
END = datetime(2025, 12, 31, 19, 0)

IDENT_TYPE_WEIGHTS = {"cc": 56, "document": 24, "mobile": 18, "foreign": 2}
CC_DOTTED_RATE = 0.20
DOCUMENT_LEADING_ZERO_RATE = 0.15
MEXICO_RATE = 0.03
MOBILE_NATIONAL_RATE = 0.01
PHONE_EMPTY_RATE = 0.60
PHONE_STARS_RATE = 0.10
PHONE_LOCAL_RATE = 0.05
PHONE2_RATE = 0.08
EMAIL_EMPTY_RATE = 0.50
EMAIL_UPPER_RATE = 0.06
EMAIL_INVALID_RATE = 0.01
NAME_CAPS_RATE = 0.40
NAME_PLACEHOLDER_RATE = 0.01
SECOND_SURNAME_RATE = 0.70
HABEAS_RATE = 0.70
SOFT_DELETED_RATE = 0.03
DUPLICATE_DOCUMENT_RATE = 0.02
POSSIBLE_DUPLICATE_RATE = 0.01
CONTACT_RATE = 0.10

OWNER_COLUMNS = (
    "id", "name", "ident_type", "number_doc", "phone", "phone2", "mobile", "email", "address",
    "city", "region", "country", "conctact", "kind_person", "regime", "habeas_at",
    "created_at", "updated_at", "deleted_at",
)  # fmt: skip

CO_MOBILE_PREFIXES = tuple(str(n) for n in (300, 301, 302, 304, 305, *range(310, 324), 350))
MX_MOBILE_PREFIXES = ("55", "33", "81")
LANDLINE_AREAS = ("601", "604", "602", "605", "607", "606")


@dataclass(slots=True)
class OwnerRecord:
    """One generated owner: what a correct import yields, and the row OkVet really holds."""

    truth: dict
    row: dict
    deleted: bool
    duplicate_of: int | None = None
    possible_duplicate_of: int | None = None


@dataclass(slots=True)
class _Person:
    """The identity an owner row is dirtied from (kept to inject duplicates later)."""

    owner_id: int
    name: str
    mobile: str
    country: str
    doc_digits: str = ""
    email: str = ""


def weighted(rng: Random, table: dict):
    """Draw one key of ``{value: weight}``; small helper so rates read as tables."""
    return rng.choices(list(table), weights=list(table.values()))[0]


def spread_datetimes(rng: Random, n: int, start: datetime = START, end: datetime = END):
    """``n`` increasing datetimes over [start, end]: ids follow created_at like in OkVet."""
    span = (end - start).total_seconds()
    offsets = sorted(rng.random() for _ in range(n))
    return [start + timedelta(seconds=int(x * span)) for x in offsets]


def slug(text: str) -> str:
    """ASCII, lower-case, no spaces: the local part of an e-mail address."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_text.lower() if ch.isalnum())


def later(rng: Random, moment: datetime, max_days: int) -> datetime:
    """A moment after ``moment`` (by up to ``max_days``), never past the end of the history."""
    step = timedelta(minutes=rng.randint(1, max_days * 24 * 60))
    return max(moment, min(moment + step, END + timedelta(days=1)))


class OwnerBuilder:
    """Builds owners in id order, remembering enough of them to inject duplicates."""

    def __init__(self, rng: Random, pools: Pools) -> None:
        self.rng, self.pools = rng, pools
        self.used_docs: set[str] = set()
        self.used_mobiles: set[str] = set()
        self.cc_originals: list[_Person] = []
        self.mobile_originals: list[_Person] = []
        self._co_places = [p[:3] for p in CO_PLACES], [p[3] for p in CO_PLACES]
        self._mx_places = [p[:3] for p in MX_PLACES], [p[3] for p in MX_PLACES]

    def build(self, owner_id: int, created_at: datetime) -> OwnerRecord:
        """Regular owner, or (2 %) a duplicate document, or (1 %) a same-mobile lookalike."""
        draw = self.rng.random()
        if draw < DUPLICATE_DOCUMENT_RATE and self.cc_originals:
            return self._duplicate(owner_id, created_at)
        if draw < DUPLICATE_DOCUMENT_RATE + POSSIBLE_DUPLICATE_RATE and self.mobile_originals:
            return self._possible_duplicate(owner_id, created_at)
        return self._regular(owner_id, created_at)

    def _regular(self, owner_id: int, created_at: datetime) -> OwnerRecord:
        rng = self.rng
        country = "MX" if rng.random() < MEXICO_RATE else "CO"
        name = "" if rng.random() < NAME_PLACEHOLDER_RATE else self.new_name()
        person = _Person(owner_id, name, self.new_mobile(country), country)
        ident_type, number_doc = self.new_document(person)
        person.email = self.new_email(name, owner_id)
        deleted = rng.random() < SOFT_DELETED_RATE
        if not deleted:
            self.mobile_originals.append(person)
            if ident_type == "cc" and name:
                self.cc_originals.append(person)
        return self._record(person, ident_type, number_doc, created_at, deleted)

    def _duplicate(self, owner_id: int, created_at: datetime) -> OwnerRecord:
        """Same cc as an earlier live owner (dots or not), same name in any case, new mobile."""
        pool = self.cc_originals
        index = self.rng.randrange(len(pool))
        original = pool[index]
        pool[index] = pool[-1]
        pool.pop()
        same_email = self.rng.random() < 0.5
        email = original.email if same_email else self.new_email(original.name, owner_id)
        person = _Person(owner_id, original.name, self.new_mobile("CO"), "CO", email=email)
        number_doc = self.write_cc(original.doc_digits)
        record = self._record(person, "cc", number_doc, created_at, False)
        record.duplicate_of = record.truth["duplicate_of"] = original.owner_id
        return record

    def _possible_duplicate(self, owner_id: int, created_at: datetime) -> OwnerRecord:
        """Different document, SAME mobile and a similar name: for a human to review."""
        original = self.rng.choice(self.mobile_originals)
        name = self.similar_name(original.name) if original.name else self.new_name()
        person = _Person(owner_id, name, original.mobile, original.country)
        person.email = self.new_email(name, owner_id)
        digits = self.new_digits(7, 10)
        person.doc_digits = digits
        record = self._record(person, "cc", self.write_cc(digits), created_at, False)
        record.possible_duplicate_of = original.owner_id
        record.truth["possible_duplicate_of"] = original.owner_id
        return record

    # --- values -----------------------------------------------------------------------------

    def new_name(self) -> str:
        rng, pools = self.rng, self.pools
        parts = [rng.choice(pools.first_names), rng.choice(pools.last_names)]
        if rng.random() < SECOND_SURNAME_RATE:
            parts.append(rng.choice(pools.last_names))
        return " ".join(parts)

    def similar_name(self, name: str) -> str:
        """Drop the second surname, or strip the accents: what a receptionist retypes."""
        parts = name.split()
        if len(parts) > 2 and self.rng.random() < 0.5:
            return " ".join(parts[:-1])
        stripped = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        return stripped if stripped != name else f"{name} {self.rng.choice(self.pools.last_names)}"

    def new_mobile(self, country: str) -> str:
        """A unique E.164 mobile; its national part never collides with a document number."""
        rng = self.rng
        while True:
            if country == "MX":
                mobile = f"+52{rng.choice(MX_MOBILE_PREFIXES)}{rng.randint(0, 99999999):08d}"
            else:
                mobile = f"+57{rng.choice(CO_MOBILE_PREFIXES)}{rng.randint(0, 9999999):07d}"
            if mobile not in self.used_mobiles and mobile[3:] not in self.used_docs:
                self.used_mobiles.add(mobile)
                return mobile

    def new_digits(self, low: int, high: int) -> str:
        """Unique document digits of ``low``..``high`` length, no leading zero."""
        while True:
            length = self.rng.randint(low, high)
            digits = str(self.rng.randint(10 ** (length - 1), 10**length - 1))
            if digits not in self.used_docs:
                self.used_docs.add(digits)
                return digits

    def write_cc(self, digits: str) -> str:
        """20 % of cédulas are typed with thousands dots (``52.123.456``)."""
        dotted = self.rng.random() < CC_DOTTED_RATE
        return f"{int(digits):,}".replace(",", ".") if dotted else digits

    def new_document(self, person: _Person) -> tuple[str, str]:
        """(ident_type, number_doc) as OkVet stores them; remembers the digits on ``person``."""
        kind = weighted(self.rng, IDENT_TYPE_WEIGHTS)
        if person.country == "MX" and kind in ("cc", "foreign"):
            kind = "document"
        if kind == "mobile":
            self.used_docs.add(person.mobile[3:])
            return "mobile", person.mobile[3:]
        if kind == "foreign":
            return self.foreign_document(person)
        digits = self.new_digits(6, 10)
        person.doc_digits = digits
        if kind == "cc":
            return "cc", self.write_cc(digits)
        if self.rng.random() < DOCUMENT_LEADING_ZERO_RATE:
            return "document", digits.zfill(max(9, len(digits) + 2))
        return "document", digits

    def foreign_document(self, person: _Person) -> tuple[str, str]:
        """ce/pa/nit/ti/dni: the rare types, each in the format people actually type."""
        kind = self.rng.choice(FOREIGN_DOC_TYPES)
        if kind == "nit":
            base = self.new_digits(9, 9)
            base = base if base[0] in "89" else "9" + base[1:]
            self.used_docs.add(base)
            return "nit", f"{int(base):,}".replace(",", ".") + "-" + nit.calc_check_digit(base)
        if kind == "pa":
            letters = "".join(self.rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(2))
            return "pa", letters + self.new_digits(6, 7)
        lengths = {"ce": (6, 7), "ti": (10, 10), "dni": (8, 8)}[kind]
        return kind, self.new_digits(*lengths)

    def new_email(self, name: str, owner_id: int) -> str:
        """Unique (name + owner id) or empty half of the time; the truth is lower-case."""
        if not name or self.rng.random() < EMAIL_EMPTY_RATE:
            return ""
        parts = name.split()
        domain = weighted(self.rng, dict(EMAIL_DOMAINS))
        sep = self.rng.choice((".", "", "_"))
        return f"{slug(parts[0])}{sep}{slug(parts[1])}{owner_id}@{domain}"

    def phone(self) -> str:
        """Free-format landline: mostly empty, ``***``, 7-digit local, or 10 digits formatted."""
        rng, draw = self.rng, self.rng.random()
        if draw < PHONE_EMPTY_RATE:
            return ""
        if draw < PHONE_EMPTY_RATE + PHONE_STARS_RATE:
            return "***"
        local = f"{rng.randint(2000000, 8999999)}"
        if draw < PHONE_EMPTY_RATE + PHONE_STARS_RATE + PHONE_LOCAL_RATE:
            return local
        area = rng.choice(LANDLINE_AREAS)
        head, tail = local[:3], local[3:]
        return rng.choice((f"{area} {head} {tail}", f"{area}{local}", f"({area}) {head}-{tail}"))

    # --- the row ----------------------------------------------------------------------------

    def _record(self, person, ident_type, number_doc, created_at, deleted) -> OwnerRecord:
        truth = {
            "type": "client", "id": str(person.owner_id), "full_name": person.name,
            "email": person.email, "mobile": person.mobile,
            "ident_number": "" if ident_type == "mobile" else number_doc,
            "ident_type": "" if ident_type == "mobile" else ident_type,
            "country_code": person.country, "soft_deleted": deleted,
        }  # fmt: skip
        row = self._row(person, ident_type, number_doc, created_at, deleted)
        if row["email"] == "sin correo" or row["email"].endswith("@"):
            truth["email"] = ""
        return OwnerRecord(truth=truth, row=row, deleted=deleted)

    def _row(self, person, ident_type, number_doc, created_at, deleted) -> dict:
        rng = self.rng
        places, weights = self._mx_places if person.country == "MX" else self._co_places
        city, region, country = rng.choices(places, weights=weights)[0]
        updated_at = later(rng, created_at, 400)
        is_nit = ident_type == "nit"
        return {
            "id": str(person.owner_id), "name": self.dirty_name(person.name),
            "ident_type": ident_type, "number_doc": number_doc, "phone": self.phone(),
            "phone2": self.phone2(), "mobile": self.dirty_mobile(person.mobile),
            "email": self.dirty_email(person.email), "address": rng.choice(self.pools.streets),
            "city": city, "region": region, "country": country,
            "conctact": self.new_name() if rng.random() < CONTACT_RATE else "",
            "kind_person": "juridica" if is_nit else "natural",
            "regime": "comun" if is_nit else ("simplificado" if rng.random() < 0.1 else ""),
            "habeas_at": later(rng, created_at, 30) if rng.random() < HABEAS_RATE else None,
            "created_at": created_at, "updated_at": updated_at,
            "deleted_at": later(rng, updated_at, 200) if deleted else None,
        }  # fmt: skip

    def dirty_name(self, name: str) -> str:
        if not name:
            return "N/D"
        return name.upper() if self.rng.random() < NAME_CAPS_RATE else name

    def dirty_mobile(self, mobile: str) -> str:
        if mobile.startswith("+57") and self.rng.random() < MOBILE_NATIONAL_RATE:
            return f"{mobile[3:6]} {mobile[6:9]} {mobile[9:]}"
        return mobile

    def dirty_email(self, email: str) -> str:
        """6 % typed in capitals; 1 % unusable (``nombre@``, ``sin correo``)."""
        if not email:
            return ""
        draw = self.rng.random()
        if draw < EMAIL_INVALID_RATE:
            return self.rng.choice((email.split("@")[0] + "@", "sin correo"))
        return email.upper() if draw < EMAIL_INVALID_RATE + EMAIL_UPPER_RATE else email

    def phone2(self) -> str:
        if self.rng.random() >= PHONE2_RATE:
            return ""
        return f"{self.rng.choice(CO_MOBILE_PREFIXES)}{self.rng.randint(0, 9999999):07d}"


@dataclass(slots=True)
class OwnerRef:
    """What pets need to know about an owner once its row is written (kept for all owners)."""

    owner_id: int
    created_at: datetime
    deleted: bool
    duplicate: bool
    display_name: str = field(default="")


# --- pets -------------------------------------------------------------------------------------

PET_COLUMNS = (
    "id", "owner_id", "name", "specie", "race", "specie_other", "race_other", "gender_id",
    "color", "birth_at", "weight", "weight_unit", "size_id", "reproductive_state", "photo",
    "dead", "dead_at", "code", "food", "created_at", "updated_at", "deleted_at",
)  # fmt: skip

SPECIES_WEIGHTS = {"canine": 68, "feline": 31, "exotic": 1}
EXOTIC_SPECIES = ("bird", "rodent", "reptile", "lagomorph", "equine", "other")
SPECIES_TRUTH = {"canine": "dog", "feline": "cat", "bird": "bird", "rodent": "rodent",
                 "reptile": "reptile", "lagomorph": "rabbit", "equine": "horse"}  # fmt: skip
WEIGHT_RANGES_KG = {"dog": (2, 45), "cat": (2, 7), "bird": (0.03, 1), "rodent": (0.03, 1.2),
                    "reptile": (0.1, 5), "rabbit": (1, 4), "horse": (200, 600),
                    "ferret": (0.5, 2), "other": (0.1, 3)}  # fmt: skip
MAX_AGE_YEARS = {"horse": 25, "reptile": 30, "bird": 12, "rodent": 4, "rabbit": 10}
GENDER_UNKNOWN_RATE = 0.03
SEX_TRUTH = {"1": "male", "2": "female", "3": "unknown"}
REPRODUCTIVE_WEIGHTS = {"sterilized": 45, "unsterilized": 40, "unknow": 15}
NEUTERED_TRUTH = {"sterilized": True, "unsterilized": False, "unknow": None}
PET_NAME_CAPS_RATE = 0.40
RACE_OTHER_RATE = 0.05
WEIGHT_ZERO_RATE = 0.09
CAT_GRAMS_AS_KG_RATE = 0.01
WEIGHT_COMMA_RATE = 0.20
WEIGHT_GRAMS_RATE = 0.025
SMALL_ANIMAL_GRAMS_RATE = 0.5
WEIGHT_POUNDS_RATE = 0.01
POUND = Decimal("0.45359237")
MILLIGRAM = Decimal("0.001")
BIRTH_EMPTY_RATE = 0.03
BIRTH_PLACEHOLDER_RATE = 0.015
BIRTH_IMPOSSIBLE_RATE = 0.005
BIRTH_JANUARY_FIRST_RATE = 0.08
BIRTH_MONTH_FIRST_RATE = 0.18
IMPOSSIBLE_YEARS = (1, 204, 1026)
CHIP_FILLED_RATE = 0.09
CHIP_VALID_RATE = 0.35
DEAD_RATE = 0.06
PHOTO_RATE = 0.20
FOOD_RATE = 0.40


def kg_text(value: Decimal) -> str:
    """The truth's weight: kilograms with three decimals, half-even like a careful converter."""
    return str(value.quantize(MILLIGRAM, rounding=ROUND_HALF_EVEN))


class PetBuilder:
    """Builds pets in id order; owners are resolved by the caller (orphans included)."""

    def __init__(self, rng: Random, pools: Pools) -> None:
        self.rng, self.pools = rng, pools
        self.used_chips: set[str] = set()
        self._canine = [r for r, _ in CANINE_RACES], [w for _, w in CANINE_RACES]
        self._feline = [r for r, _ in FELINE_RACES], [w for _, w in FELINE_RACES]

    def build(self, pet_id: int, created_at: datetime, owner_id: int, owner_ok: bool) -> tuple:
        """(truth, row); ``owner_ok`` False when the owner is missing or soft-deleted."""
        rng = self.rng
        specie, specie_other, species = self.species()
        birth_at, birth_truth, precision = self.birth(species, created_at)
        weight, unit, weight_kg = self.weight(species)
        gender = "3" if rng.random() < GENDER_UNKNOWN_RATE else rng.choice("12")
        state = weighted(rng, REPRODUCTIVE_WEIGHTS)
        name = rng.choice(PET_NAMES)
        code, chip = self.code(name)
        dead = rng.random() < DEAD_RATE
        deleted = rng.random() < SOFT_DELETED_RATE
        updated_at = later(rng, created_at, 400)
        row = {
            "id": str(pet_id), "owner_id": str(owner_id),
            "name": name.upper() if rng.random() < PET_NAME_CAPS_RATE else name,
            "specie": specie, "race": self.race(specie), "specie_other": specie_other,
            "race_other": rng.choice(("SRD", "DPC")) if rng.random() < RACE_OTHER_RATE else "",
            "gender_id": gender, "color": rng.choice(COLORS), "birth_at": birth_at,
            "weight": weight, "weight_unit": unit, "size_id": str(rng.randint(0, 6)),
            "reproductive_state": state,
            "photo": f"VetFiles/pets/{pet_id}/foto.jpg" if rng.random() < PHOTO_RATE else "",
            "dead": "1" if dead else "0", "dead_at": later(rng, created_at, 900) if dead else None,
            "code": code, "food": rng.choice(FOODS) if rng.random() < FOOD_RATE else "",
            "created_at": created_at, "updated_at": updated_at,
            "deleted_at": later(rng, updated_at, 200) if deleted else None,
        }  # fmt: skip
        truth = {
            "type": "pet", "id": str(pet_id), "owner_id": str(owner_id) if owner_ok else None,
            "name": name, "species": species, "sex": SEX_TRUTH[gender],
            "neutered": NEUTERED_TRUTH[state], "birth_date": birth_truth,
            "birth_date_precision": precision, "weight_kg": weight_kg, "microchip": chip,
            "is_deceased": dead, "soft_deleted": deleted,
        }  # fmt: skip
        return truth, row

    def species(self) -> tuple[str, str, str]:
        """(specie, specie_other, truth species): dogs and cats, rarely an exotic."""
        specie = weighted(self.rng, SPECIES_WEIGHTS)
        if specie == "exotic":
            specie = self.rng.choice(EXOTIC_SPECIES)
        if specie == "other":
            text, species = self.rng.choice(OTHER_SPECIES)
            return "other", text, species
        return specie, "", SPECIES_TRUTH[specie]

    def race(self, specie: str) -> str:
        table = {"canine": self._canine, "feline": self._feline}.get(specie)
        return self.rng.choices(*table)[0] if table else ""

    def birth(self, species: str, created_at: datetime) -> tuple:
        """(birth_at as written, ISO truth or None, precision); never after created_at."""
        rng, draw = self.rng, self.rng.random()
        if draw < BIRTH_EMPTY_RATE:
            return None, None, "unknown"
        draw -= BIRTH_EMPTY_RATE
        if draw < BIRTH_PLACEHOLDER_RATE:
            return date(2000, 1, 1), None, "unknown"
        draw -= BIRTH_PLACEHOLDER_RATE
        if draw < BIRTH_IMPOSSIBLE_RATE:
            year = rng.choice(IMPOSSIBLE_YEARS)
            return date(year, rng.randint(1, 12), rng.randint(1, 28)), None, "unknown"
        draw -= BIRTH_IMPOSSIBLE_RATE
        max_days = MAX_AGE_YEARS.get(species, 15) * 365
        born = created_at.date() - timedelta(days=31 + int(rng.random() ** 1.5 * max_days))
        if draw < BIRTH_JANUARY_FIRST_RATE:
            born, precision = date(born.year, 1, 1), "year"
        elif draw < BIRTH_JANUARY_FIRST_RATE + BIRTH_MONTH_FIRST_RATE:
            born, precision = self._month_first(born), "month"
        else:
            born, precision = born.replace(day=max(born.day, 2)), "exact"
        return born, born.isoformat(), precision

    def _month_first(self, born: date) -> date:
        """The 1st of a month other than January (January 1st means a year estimate)."""
        if born.month == 1:
            return date(born.year - 1, self.rng.randint(2, 12), 1)
        return date(born.year, self.rng.randint(2, born.month), 1)

    def weight(self, species: str) -> tuple[str, str, str | None]:
        """(weight as typed, unit, truth kg with 3 decimals or None for the 0 placeholder)."""
        rng = self.rng
        if rng.random() < WEIGHT_ZERO_RATE:
            return "0", "kg", None
        if species == "cat" and rng.random() < CAT_GRAMS_AS_KG_RATE:
            grams = rng.randint(100, 3200)
            return str(grams), "kg", kg_text(Decimal(grams))
        low, high = WEIGHT_RANGES_KG[species]
        kg = rng.uniform(low, high)
        small = species in ("bird", "rodent")
        if rng.random() < (SMALL_ANIMAL_GRAMS_RATE if small else WEIGHT_GRAMS_RATE):
            grams = max(1, round(kg * 1000))
            return str(grams), "g", kg_text(Decimal(grams) / 1000)
        if rng.random() < WEIGHT_POUNDS_RATE:
            pounds = Decimal(str(max(0.1, round(kg / float(POUND), 1))))
            return self._typed(pounds), "lb", kg_text(pounds * POUND)
        value = Decimal(str(max(0.01, round(kg, 2 if high <= 5 else 1))))
        return self._typed(value), "kg", kg_text(value)

    def _typed(self, value: Decimal) -> str:
        """A decimal as the receptionist typed it: with a dot, or (20 %) a comma."""
        text = str(value)
        return text.replace(".", ",") if self.rng.random() < WEIGHT_COMMA_RATE else text

    def code(self, name: str) -> tuple[str, str]:
        """(code as typed, truth microchip): mostly empty, rarely a real ISO 11784 chip."""
        rng = self.rng
        if rng.random() >= CHIP_FILLED_RATE:
            return "", ""
        if rng.random() < CHIP_VALID_RATE:
            while True:
                chip = rng.choice(("982000", "900"))
                chip += str(rng.randint(0, 10 ** (15 - len(chip)) - 1)).zfill(15 - len(chip))
                if chip not in self.used_chips:
                    self.used_chips.add(chip)
                    return chip, chip
        junk = (f"HC-{rng.randint(1, 9999)}", str(rng.randint(100, 9999)), "No", ".", "Negro", name)
        return rng.choice(junk), ""
