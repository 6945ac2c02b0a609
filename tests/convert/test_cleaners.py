"""Cleaners: raw OkVet cells → typed values plus at most one issue."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from migration.convert import cleaners as c
from migration.convert import vocab
from migration.issues import CATALOG

TZ = ZoneInfo("America/Bogota")
TODAY = date(2024, 6, 15)


def code(cleaned: c.Cleaned) -> str | None:
    return cleaned.issue.code if cleaned.issue else None


def test_vocab_values_are_known_codes():
    assert set(vocab.SPECIES.values()) <= {
        "dog", "cat", "bird", "rodent", "reptile", "rabbit", "horse",
        "ferret", "fish", "pig", "bovine", "goat", "other",
    }  # fmt: skip
    assert set(vocab.SEX.values()) == {"male", "female", "unknown"}
    assert set(vocab.DOCUMENT_TYPES.values()) <= {
        "cc", "ce", "ti", "pa", "nit", "dni", "curp", "rut", "other",
    }  # fmt: skip
    assert all(key == c.normalize_key(key) for key in vocab.BREEDS)
    assert all(key == c.normalize_key(key) for key in vocab.SPECIES)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("", True), ("   ", True), (".", True), ("N/A", True), ("***", True), ("No aplica", True),
     ("Sin  datos", True), ("No", False), ("Firulais", False), ("a long text here", False)],
)  # fmt: skip
def test_is_null(raw, expected):
    assert c.is_null(raw) is expected


def test_the_first_character_shortcut_agrees_with_the_full_normalisation():
    def slow(text: str) -> bool:
        return " ".join(c.unidecode(text).lower().split()) in vocab.NULL_TOKENS

    variants = set()
    for token in vocab.NULL_TOKENS - {""}:
        variants |= {token, token.upper(), token.title(), token.replace(" ", "  ")}
    variants |= {"Ñ/A", "ñd", "Ｎ/Ａ", "Sin dato", "S/D", "X", "+573001234567", "3001234567"}
    variants |= {"Bogotá", "Antonio Gil", "noaplica", "n a", "…", "—", "·", "sd", "Nd."}
    variants |= {"\x00.", "\x7fN/A", "\x01", "~", "_", "0", "@x", "{}", "|"}
    for text in variants:
        assert c.is_null(text) is slow(text), text
        assert (c.clean_text(text) == "") is slow(text), text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("  hola  ", "hola"), ("--", ""), ("No", "No"), ("line1\nline2 ", "line1\nline2")],
)
def test_clean_text(raw, expected):
    assert c.clean_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "value", "issue"),
    [
        ("", "", "missing-name"),
        ("   ", "", "missing-name"),
        ("N/D", "", "placeholder-name"),
        ("nd", "", "placeholder-name"),
        ("Sin nombre", "", "placeholder-name"),
        ("DESCONOCIDO", "", "placeholder-name"),
        ("xxx", "", "placeholder-name"),
        ("...", "", "placeholder-name"),
        ("MARIA PEREZ DE LA TORRE", "Maria Perez de la Torre", None),
        ("JOSÉ ÑÚÑEZ", "José Ñúñez", None),
        ("MARIA-JOSE O'BRIEN", "Maria-Jose O'Brien", None),
        ("DE LA CRUZ", "De la Cruz", None),
        ("FIRULAIS 2", "Firulais 2", None),
        ("  Ana   maría  ", "Ana maría", None),
        ("McDONALD", "McDONALD", None),
        ("123", "123", None),
    ],
)
def test_clean_name(raw, value, issue):
    result = c.clean_name(raw, column="name")
    assert result.value == value
    assert code(result) == issue
    if issue:
        assert result.issue.column == "name"


def test_clean_name_placeholder_keeps_raw():
    assert c.clean_name("N/D", column="name").issue.value == "N/D"


def _slow_clean_name(raw: str) -> tuple[str, str | None]:
    """The name rule written out in full, without the cleaner's shortcuts."""
    text = " ".join(raw.split())
    if not text:
        return "", "missing-name"
    if len(text) <= 16 and (c.normalize_key(text) in c._PLACEHOLDER_NAMES or c.is_null(text)):
        return "", "placeholder-name"
    letters = [ch for ch in text if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters):
        words = text.split()
        capitalised = [
            w.lower()
            if i and w.lower() in c.PARTICLES
            else c.re.sub(r"[^\W\d_]+", lambda m: m[0][:1].upper() + m[0][1:].lower(), w)
            for i, w in enumerate(words)
        ]
        return " ".join(capitalised), None
    return text, None


@pytest.mark.parametrize(
    "raw",
    ["Ⓐ", "ⒶⒷ", "MARÍA Ⓐ", "ŁUKASZ", "ǅORĐE", "ǄORĐE", "ΣΟΦΙΑ", "ИВАН", "אבי", "אבי COHEN",
     "ªNA", "Nª", "ß", "STRASSE ß", "-N/D", "–N/D", "¿N/D?", "Ñ/D", "Ñ/A", " nd ", "DESCONOCIDA",
     "sin-nombre", "SIN NOMBRE", "X", "Xx", "D'ARTAGNAN", "O'BRIEN-SMITH", "3ER", "AÑO2000",
     "DE", "Y", "LUIS Y ANA", "naranja", "Nacho", "SOFÍA", "dalí", "ÉDGAR", "İSTANBUL"],
)  # fmt: skip
def test_clean_name_shortcuts_agree_with_the_full_rule(raw):
    result = c.clean_name(raw, column="name")
    assert (result.value, code(result)) == _slow_clean_name(raw)


def test_a_text_starting_with_a_filled_character_is_never_null():
    for first in c.FILLED_FIRST:
        for rest in ("", "/a", "/A", "a", "d", "/d", ".", "..", "**", " aplica", "ull", "one"):
            assert not c.is_null(first + rest), first + rest
    starts = {token[0] for token in vocab.NULL_TOKENS if token}
    assert not (starts | {ch.upper() for ch in starts}) & c.FILLED_FIRST
    assert not {" ", "\t", "\n", "\x7f"} & c.FILLED_FIRST


@pytest.mark.parametrize(
    ("full", "expected"),
    [
        ("", ("", "")),
        ("Maria", ("Maria", "")),
        ("Maria Perez", ("Maria", "Perez")),
        ("Maria Perez Gomez", ("Maria", "Perez Gomez")),
        ("Ana Maria Perez Gomez", ("Ana Maria", "Perez Gomez")),
        ("Maria de la Torre", ("Maria", "de la Torre")),
        ("Maria Perez de la Torre", ("Maria Perez", "de la Torre")),
    ],
)
def test_split_name(full, expected):
    assert c.split_name(full) == expected


def test_split_name_never_cuts():
    first, last = c.split_name("A" * 200 + " " + "B" * 200)
    assert (first, last) == ("A" * 200, "B" * 200)


def test_fit_keeps_a_value_that_fits():
    assert c.fit("CC-123", column="number_doc", limit=6) == c.Cleaned("CC-123")


def test_fit_leaves_a_longer_value_empty_with_the_whole_text_in_its_issue():
    value, issue = c.fit("1234567", column="number_doc", limit=6)
    assert value == ""
    assert (issue.code, issue.column, issue.value) == ("truncated-value", "number_doc", "1234567")
    assert issue.params == {"length": 7, "limit": 6}
    assert issue.severity == "warning"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2020-03-05", date(2020, 3, 5)),
        ("2020-03-05 10:11:12", date(2020, 3, 5)),
        ("2020-03-05T10:11:12", date(2020, 3, 5)),
        ("2020/03/05", date(2020, 3, 5)),
        ("2020/3/5", date(2020, 3, 5)),
        ("05/03/2020", date(2020, 3, 5)),
        ("5-3-2020", date(2020, 3, 5)),
        ("05.03.2020", date(2020, 3, 5)),
        ("05/03/20", date(2020, 3, 5)),
        ("05/03/99", date(1999, 3, 5)),
        ("5 de marzo de 2020", date(2020, 3, 5)),
        ("05-mar-2020", date(2020, 3, 5)),
        ("5 Sept. 2020", date(2020, 9, 5)),
        ("marzo 5, 2020", date(2020, 3, 5)),
        ("Diciembre 24 2019", date(2019, 12, 24)),
        ("", None),
        ("N/A", None),
    ],
)
def test_parse_date_valid(raw, expected):
    assert c.parse_date(raw, column="dead_at") == (expected, None)


@pytest.mark.parametrize(
    "raw",
    ["12/25/2020", "2020-13-01", "2020-02-30", "0001-01-01", "0000-00-00", "31/02/2020",
     "5 de brumario de 2020", "mañana", "2020-1-1x"],
)  # fmt: skip
def test_parse_date_invalid(raw):
    result = c.parse_date(raw, column="dead_at")
    assert result.value is None
    assert result.issue.code == "invalid-date"
    assert (result.issue.column, result.issue.value) == ("dead_at", raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2021-03-05 14:30:00", datetime(2021, 3, 5, 14, 30, tzinfo=TZ)),
        ("2021-03-05T14:30", datetime(2021, 3, 5, 14, 30, tzinfo=TZ)),
        ("2021-03-05 14:30:15.5", datetime(2021, 3, 5, 14, 30, 15, 500000, tzinfo=TZ)),
        ("2021-03-05", datetime(2021, 3, 5, tzinfo=TZ)),
        ("05/03/2021 2:30 p. m.", datetime(2021, 3, 5, 14, 30, tzinfo=TZ)),
        ("05/03/2021 12:10 a.m.", datetime(2021, 3, 5, 0, 10, tzinfo=TZ)),
        ("05/03/2021 12:10 PM", datetime(2021, 3, 5, 12, 10, tzinfo=TZ)),
        ("2021-03-05T14:30:00Z", datetime(2021, 3, 5, 14, 30, tzinfo=UTC)),
        (
            "2021-03-05 14:30:00-05:00",
            datetime(2021, 3, 5, 14, 30, tzinfo=timezone(timedelta(hours=-5))),
        ),
        ("2021-03-05 14:30:00+0530", datetime(2021, 3, 5, 9, 0, tzinfo=UTC)),
        ("5 de marzo de 2021 14:30", datetime(2021, 3, 5, 14, 30, tzinfo=TZ)),
        ("", None),
        ("***", None),
    ],
)
def test_parse_datetime_valid(raw, expected):
    result = c.parse_datetime(raw, column="created_at", tz=TZ)
    assert result == (expected, None)
    if expected is not None:
        assert result.value.tzinfo is not None


@pytest.mark.parametrize(
    "raw",
    ["0000-00-00 00:00:00", "0001-01-01 00:00:00", "0001-01-01", "2021-03-05 25:00:00",
     "12/25/2020 10:00", "junk 10:00", "2021-03-05 10:00 junk", "nonsense"],
)  # fmt: skip
def test_parse_datetime_invalid(raw):
    result = c.parse_datetime(raw, column="created_at", tz=TZ)
    assert result.value is None
    assert result.issue.code == "invalid-date"


@pytest.mark.parametrize(
    ("raw", "value", "issue"),
    [
        ("", (None, "unknown"), None),
        (".", (None, "unknown"), None),
        ("2019-03-17", (date(2019, 3, 17), "exact"), None),
        ("17/03/2019", (date(2019, 3, 17), "exact"), None),
        ("2019-01-01", (date(2019, 1, 1), "year"), None),
        ("2019-06-01", (date(2019, 6, 1), "month"), None),
        ("2000-01-01", (None, "unknown"), "placeholder-birth-date"),
        ("0001-01-01", (None, "unknown"), "impossible-birth-date"),
        ("0204-05-06", (None, "unknown"), "impossible-birth-date"),
        ("1026-05-06", (None, "unknown"), "impossible-birth-date"),
        ("2024-06-16", (None, "unknown"), "future-date"),
        ("2024-06-15", (date(2024, 6, 15), "exact"), None),
        ("garbage", (None, "unknown"), "invalid-date"),
    ],
)
def test_parse_birth_date(raw, value, issue):
    result = c.parse_birth_date(raw, column="birth_at", today=TODAY)
    assert result.value == value
    assert code(result) == issue
    if issue:
        assert (result.issue.column, result.issue.value) == ("birth_at", raw)


@pytest.mark.parametrize(
    ("raw", "region", "value", "issue"),
    [
        ("+573001234567", "CO", "+573001234567", None),
        ("+525512345678", "MX", "+525512345678", None),
        ("300 123 45 67", "CO", "+573001234567", None),
        ("300-123-4567", "CO", "+573001234567", None),
        ("(300) 123.45.67", "", "+573001234567", None),
        ("601 234 5678", "CO", "+576012345678", None),
        ("+52 55 1234 5678", "CO", "+525512345678", None),
        ("55 1234 5678", "MX", "+525512345678", None),
        ("+1 212 555 0100", "CO", "+12125550100", None),
        ("+576012345678", "CO", "+576012345678", None),
        ("2345678", "CO", "", "invalid-phone"),
        ("+570001234567", "CO", "", "invalid-phone"),
        ("abc", "CO", "", "invalid-phone"),
        ("12", "CO", "", "invalid-phone"),
        ("***", "CO", "", None),
        ("", "CO", "", None),
    ],
)
def test_normalize_phone(raw, region, value, issue):
    result = c.normalize_phone(raw, column="phone", region=region)
    assert result.value == value
    assert code(result) == issue
    if issue:
        assert (result.issue.column, result.issue.value) == ("phone", raw)


@pytest.mark.parametrize(
    ("raw", "value", "issue"),
    [
        ("MARIA@MAIL.COM", "maria@mail.com", None),
        ("  juan.perez+vet@correo.com.co ", "juan.perez+vet@correo.com.co", None),
        ("", "", None),
        ("N/A", "", None),
        ("maria@mail", "", "invalid-email"),
        ("maria mail@x.com", "", "invalid-email"),
        ("a@@b.com", "", "invalid-email"),
        ("maria@mail.c", "", "invalid-email"),
        ("no tiene", "", "invalid-email"),
    ],
)
def test_normalize_email(raw, value, issue):
    result = c.normalize_email(raw, column="email")
    assert result.value == value
    assert code(result) == issue


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Colombia", "CO"),
        ("México", "MX"),
        ("mexico", "MX"),
        ("PERÚ", "PE"),
        ("Costa Rica", "CR"),
        ("República Dominicana", "DO"),
        ("Estados Unidos", "US"),
        ("USA", "US"),
        ("Brazil", "BR"),
        ("cl", "CL"),
        ("ES", "ES"),
        ("Bogotá, Colombia", "CO"),
        ("", "CO"),
        ("Atlantis", "CO"),
        ("Somewhere, Atlantis", "CO"),
    ],
)
def test_country_code(raw, expected):
    assert c.country_code(raw, default="CO") == expected


def test_country_code_default_is_passed_through():
    assert c.country_code("", default="MX") == "MX"


DV = c.DocumentValue


@pytest.mark.parametrize(
    ("ident_type", "number", "value", "issue"),
    [
        ("cc", "1.020.304.050", DV("cc", "1.020.304.050", "1020304050"), None),
        ("cc", "000123", DV("cc", "000123", "000123"), None),
        ("CC", "12", DV("cc", "12", "12"), "invalid-document"),
        ("cc", "12345678901", DV("cc", "12345678901", "12345678901"), "invalid-document"),
        ("cc", "AB123", DV("cc", "AB123", "AB123"), "invalid-document"),
        ("nit", "900.123.456-8", DV("nit", "900.123.456-8", "9001234568"), None),
        ("nit", "12.345.678-9", DV("nit", "12.345.678-9", "123456789"), "invalid-document"),
        ("curp", "BOXW310820HNERXN09", DV("curp", "BOXW310820HNERXN09", "BOXW310820HNERXN09"),
         None),
        ("curp", "boxw310820hnerxn08", DV("curp", "boxw310820hnerxn08", "BOXW310820HNERXN08"),
         "invalid-document"),
        ("rut", "12.345.678-5", DV("rut", "12.345.678-5", "123456785"), None),
        ("rut", "12.345.678-0", DV("rut", "12.345.678-0", "123456780"), "invalid-document"),
        ("ce", "E-123", DV("ce", "E-123", "E123"), None),
        ("pa", "AB 123456", DV("pa", "AB 123456", "AB123456"), None),
        ("Pasaporte", "X1", DV("pa", "X1", "X1"), None),
        ("dni", "12345678", DV("dni", "12345678", "12345678"), None),
        ("document", "55-66", DV("other", "55-66", "5566"), None),
        ("", "55", DV("other", "55", "55"), None),
        ("licencia", "55", DV("other", "55", "55"), "unknown-document-type"),
        ("cc", "", DV("cc", "", ""), None),
        ("cc", "N/A", DV("cc", "", ""), None),
        ("mobile", "3001234567", DV("", "", "", phone_text="3001234567"), "phone-as-document"),
        ("Celular", "300 123", DV("", "", "", phone_text="300 123"), "phone-as-document"),
        ("mobile", "", DV("", "", ""), None),
    ],
)  # fmt: skip
def test_normalize_document(ident_type, number, value, issue):
    result = c.normalize_document(ident_type, number, country="CO")
    assert result.value == value
    assert code(result) == issue


def test_document_issue_details():
    nit = c.normalize_document("nit", "12.345.678-9", country="CO").issue
    assert (nit.column, nit.value) == ("number_doc", "12.345.678-9")
    assert nit.params == {"doc_type": "NIT"}
    cc = c.normalize_document("cc", "12", country="CO").issue
    assert cc.params == {"doc_type": "CC"}
    unknown = c.normalize_document("licencia", "55", country="CO").issue
    assert (unknown.column, unknown.value) == ("ident_type", "licencia")
    phone = c.normalize_document("mobile", "3001234567", country="CO").issue
    assert (phone.column, phone.value) == ("number_doc", "3001234567")


@pytest.mark.parametrize(
    ("specie", "other", "value", "issue"),
    [
        ("canine", "", ("dog", "canine"), None),
        ("feline", "", ("cat", "feline"), None),
        ("lagomorph", "", ("rabbit", "lagomorph"), None),
        ("equine", "", ("horse", "equine"), None),
        ("Perra", "", ("dog", "Perra"), None),
        ("other", "Hurón", ("ferret", "Hurón"), None),
        ("otro", "Conejo", ("rabbit", "Conejo"), None),
        ("", "Mini-pig", ("pig", "Mini-pig"), None),
        ("", "Conejillo de Indias", ("rodent", "Conejillo de Indias"), None),
        ("canine", "Perro criollo", ("dog", "Perro criollo"), None),
        ("other", "", ("other", "other"), None),
        ("dragon", "", ("other", "dragon"), "unknown-species"),
        ("other", "Erizo", ("other", "Erizo"), "unknown-species"),
        ("", "", ("other", ""), "unknown-species"),
        ("...", "-", ("other", ""), "unknown-species"),
    ],
)
def test_map_species(specie, other, value, issue):
    result = c.map_species(specie, other)
    assert result.value == value
    assert code(result) == issue
    if issue:
        assert (result.issue.column, result.issue.value) == ("specie", value[1])


@pytest.mark.parametrize(
    ("race", "other", "expected"),
    [
        ("mestizo", "", ("Mestizo", "mestizo")),
        ("criolloa", "", ("Mestizo", "criolloa")),
        ("", "SRD", ("Mestizo", "SRD")),
        ("", "DPC", ("Doméstico de pelo corto", "DPC")),
        ("other", "DPC", ("Doméstico de pelo corto", "DPC")),
        ("french_poodle", "", ("Poodle", "french_poodle")),
        ("caniche_o_french_poodle", "", ("Poodle", "caniche_o_french_poodle")),
        ("labrador", "", ("Labrador Retriever", "labrador")),
        ("pastor_aleman", "", ("Pastor Alemán", "pastor_aleman")),
        ("shih_tzu", "", ("Shih Tzu", "shih_tzu")),
        ("bichon_frise", "", ("Bichon Frise", "bichon_frise")),
        ("Labrador cruzado", "", ("Labrador cruzado", "Labrador cruzado")),
        ("", "Gato montés", ("Gato montés", "Gato montés")),
        ("bichon_frise", "Bichón", ("Bichón", "Bichón")),
        ("", "", ("", "")),
        ("N/A", ".", ("", "")),
        ("otro", "", ("", "otro")),
    ],
)
def test_map_breed(race, other, expected):
    assert c.map_breed(race, other) == expected


def test_breed_synonyms_share_a_display():
    assert c.map_breed("labrador", "")[0] == c.map_breed("labrador_retriever", "")[0]
    assert c.map_breed("mestizo", "")[0] == c.map_breed("criolloa", "")[0]
    assert c.map_breed("bulldog_frances", "")[0] == c.map_breed("french_bulldog", "")[0]


@pytest.mark.parametrize(
    ("raw", "value", "issue"),
    [("1", "male", None), ("2", "female", None), ("3", "unknown", None), ("Macho", "male", None),
     ("H", "female", None), ("", "unknown", None), ("x", "unknown", None),
     ("9", "unknown", "unknown-sex")],
)  # fmt: skip
def test_map_sex(raw, value, issue):
    result = c.map_sex(raw, column="gender_id")
    assert result == (value, None) if issue is None else result.value == value
    assert code(result) == issue


@pytest.mark.parametrize(
    ("raw", "value", "issue"),
    [("sterilized", True, None), ("Castrada", True, None), ("Sí", True, None),
     ("unsterilized", False, None), ("No esterilizado", False, None), ("no", False, None),
     ("unknow", None, None), ("", None, None), ("quizás", None, "unknown-reproductive-state")],
)  # fmt: skip
def test_map_neutered(raw, value, issue):
    result = c.map_neutered(raw, column="reproductive_state")
    assert result.value is value
    assert code(result) == issue


@pytest.mark.parametrize(
    ("raw", "value", "issue"),
    [("1", True, None), ("0", False, None), ("true", True, None), ("FALSE", False, None),
     ("Sí", True, None), ("no", False, None), ("yes", True, None), ("S", True, None),
     ("N", False, None), ("x", True, None), ("1.0", True, None), ("", None, None),
     ("-", None, None), ("maybe", None, "invalid-boolean")],
)  # fmt: skip
def test_parse_bool(raw, value, issue):
    result = c.parse_bool(raw, column="dead")
    assert result.value is value
    assert code(result) == issue


@pytest.mark.parametrize(
    ("raw", "thousands", "value", "issue"),
    [
        ("12.5", False, Decimal("12.5"), None),
        ("12,5", False, Decimal("12.5"), None),
        ("-3,25", False, Decimal("-3.25"), None),
        ("1.234,50", False, Decimal("1234.50"), None),
        ("1,234.50", False, Decimal("1234.50"), None),
        ("$ 1.234.567,50", True, Decimal("1234567.50"), None),
        ("1.234.567", False, Decimal("1234567"), None),
        ("1,234,567", False, Decimal("1234567"), None),
        ("1.234", True, Decimal("1234"), None),
        ("1.234", False, Decimal("1.234"), None),
        ("1.2345", True, Decimal("1.2345"), None),
        ("COP 50.000", True, Decimal("50000"), None),
        ("€12", False, Decimal("12"), None),
        (".5", False, Decimal("0.5"), None),
        ("", False, None, None),
        ("N/A", False, None, None),
        ("abc", False, None, "invalid-number"),
        ("1.2.3,4,5", False, None, "invalid-number"),
        ("NaN", False, None, None),
        ("Infinity", False, None, "invalid-number"),
    ],
)
def test_parse_decimal(raw, thousands, value, issue):
    result = c.parse_decimal(raw, column="price", thousands=thousands)
    assert result.value == value
    assert code(result) == issue
    if value is not None:
        assert isinstance(result.value, Decimal)


@pytest.mark.parametrize(
    ("raw", "value", "issue"),
    [("12", 12, None), ("12.0", 12, None), ("-4", -4, None), ("", None, None),
     ("12.5", None, "invalid-number"), ("doce", None, "invalid-number")],
)  # fmt: skip
def test_parse_int(raw, value, issue):
    result = c.parse_int(raw, column="size_id")
    assert result.value == value
    assert code(result) == issue


@pytest.mark.parametrize(
    ("raw", "unit", "species", "value", "issue"),
    [
        ("4.2", "kg", "cat", Decimal("4.200"), None),
        ("12,5", "", "dog", Decimal("12.500"), None),
        ("12 kg", "", "dog", Decimal("12.000"), None),
        ("500g", "", "cat", Decimal("0.500"), None),
        ("500", "g", "cat", Decimal("0.500"), None),
        ("500", "Gramos", "rodent", Decimal("0.500"), None),
        ("3,5 kilos", "", "cat", Decimal("3.500"), None),
        ("10", "lb", "dog", Decimal("4.536"), None),
        ("10", "Libras", "dog", Decimal("4.536"), None),
        ("10", "kgs.", "dog", Decimal("10.000"), None),
        ("", "kg", "dog", None, None),
        ("N/A", "kg", "dog", None, None),
        ("0", "kg", "dog", None, "zero-weight"),
        ("0.0", "", "cat", None, "zero-weight"),
        ("3200", "kg", "cat", Decimal("3200.000"), "implausible-weight"),
        ("0.05", "kg", "dog", Decimal("0.050"), "implausible-weight"),
        ("500", "kg", "horse", Decimal("500.000"), None),
        ("5", "kg", "horse", Decimal("5.000"), "implausible-weight"),
        ("5", "kg", "unicorn", Decimal("5.000"), None),
        ("12", "ton", "dog", None, "unknown-weight-unit"),
        ("12", "oz", "dog", None, "unknown-weight-unit"),
        ("doce", "kg", "dog", None, "invalid-weight"),
        ("12 kg 3", "", "dog", None, "invalid-weight"),
        ("-3", "kg", "dog", None, "invalid-weight"),
        ("10000000", "kg", "dog", None, "invalid-weight"),
        ("99999999", "g", "other", Decimal("99999.999"), "implausible-weight"),
    ],
)
def test_parse_weight(raw, unit, species, value, issue):
    result = c.parse_weight(raw, unit, column="weight", species=species)
    assert result.value == value
    assert code(result) == issue


def test_implausible_weight_params_keep_value():
    result = c.parse_weight("3200", "kg", column="weight", species="cat")
    assert str(result.value) == "3200.000"
    assert result.issue.params == {"kg": "3200.000", "species": "cat"}
    assert (result.issue.column, result.issue.value) == ("weight", "3200")


def test_unknown_weight_unit_issue_column():
    issue = c.parse_weight("12", "ton", column="weight", species="dog").issue
    assert (issue.column, issue.value) == ("weight_unit", "ton")


@pytest.mark.parametrize(
    ("raw", "value", "issue"),
    [
        ("982000123456789", ("982000123456789", ""), None),
        (" 982 000 123 456 789 ", ("982000123456789", ""), None),
        ("982-000-123.456789", ("982000123456789", ""), None),
        ("", ("", ""), None),
        (".", ("", ""), None),
        ("No", ("", ""), None),
        ("no tiene", ("", ""), None),
        ("Ninguno", ("", ""), None),
        ("Sin chip", ("", ""), None),
        ("Negro", ("", "Negro"), "invalid-microchip"),
        ("  H-123 ", ("", "H-123"), "invalid-microchip"),
        ("98200012345678", ("", "98200012345678"), "invalid-microchip"),
        ("9820001234567890", ("", "9820001234567890"), "invalid-microchip"),
        ("9.82000123456789e+14", ("", "9.82000123456789e+14"), "invalid-microchip"),
    ],
)
def test_parse_microchip(raw, value, issue):
    result = c.parse_microchip(raw, column="code")
    assert result.value == value
    assert code(result) == issue
    if issue:
        assert (result.issue.column, result.issue.value) == ("code", value[1])


def test_every_issue_code_is_catalogued():
    results = [
        c.clean_name("", column="n"),
        c.clean_name("N/D", column="n"),
        c.parse_date("zz", column="d"),
        c.parse_birth_date("2000-01-01", column="b", today=TODAY),
        c.parse_birth_date("1900-05-05", column="b", today=TODAY),
        c.parse_birth_date("2030-05-05", column="b", today=TODAY),
        c.normalize_phone("123", column="p", region="CO"),
        c.normalize_email("zz", column="e"),
        c.normalize_document("mobile", "300", country="CO"),
        c.normalize_document("zz", "300", country="CO"),
        c.normalize_document("nit", "1", country="CO"),
        c.map_species("dragon", ""),
        c.map_sex("9", column="s"),
        c.map_neutered("zz", column="r"),
        c.parse_bool("zz", column="b"),
        c.parse_decimal("zz", column="d"),
        c.parse_weight("0", "", column="w", species="dog"),
        c.parse_weight("zz", "", column="w", species="dog"),
        c.parse_weight("1", "zz", column="w", species="dog"),
        c.parse_weight("900", "", column="w", species="dog"),
        c.parse_microchip("zz", column="c"),
    ]
    assert all(r.issue.code in CATALOG for r in results)


def test_iso_timestamps_take_the_zone_as_replace_would():
    for zone in map(ZoneInfo, ("America/Bogota", "America/Santiago", "Europe/Madrid")):
        for text in ("2021-03-05 14:30:00", "2022-04-02 23:30:00", "2021-10-31 02:30:00"):
            parsed = c.parse_datetime(text, column="created_at", tz=zone).value
            expected = datetime.fromisoformat(text).replace(tzinfo=zone)
            assert (parsed, parsed.fold, parsed.tzinfo) == (expected, 0, zone)
