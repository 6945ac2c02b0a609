"""The declared rules, applied to literals: each says equal, transformed, kept, not imported,
differs or missing, and a changed value never reads as equal."""

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from migration.read import declarations as d
from migration.services import rules as r

BOGOTA = ZoneInfo("America/Bogota")


def facts(stored=None, source=None, issues=(), links=None):
    return r.RowFacts(source or {}, stored or {}, set(issues), BOGOTA, links or {})


def col(rule, target="f", **more):
    return d.Column("c", target, rule, **more)


def judge(rule, text, stored, **more):
    column = col(rule, **{k: v for k, v in more.items() if k in ("how", "raw")})
    row = {"f": stored, **more.get("extra", {})}
    return r.judge(column, text, facts(row, more.get("source"), more.get("issues", ())))[0]


@pytest.mark.parametrize(
    ("rule", "text", "stored", "verdict"),
    [
        (d.EXACT, "Vomita hace 2 días", "Vomita hace 2 días", r.EQUAL),
        (d.EXACT, "Vomita hace 2 días", "Vomita", r.DIFFERS),
        (d.EXACT, "Vomita", "", r.MISSING),
        (d.EXACT, '["a", 1]', ["a", 1], r.TRANSFORMED),
        (d.EXACT, '["a", 1]', ["a", 2], r.DIFFERS),
        (d.EXACT, "{not json", {"a": 1}, r.DIFFERS),
        (d.EXACT, "[]", [], r.TRANSFORMED),  # OkVet's empty JSON list, stored as one
        (d.EXACT, "[1]", [], r.DIFFERS),
        (d.KEY, "123", "123", r.EQUAL),
        (d.KEY, "123.0", "123", r.TRANSFORMED),
        (d.KEY, "124", "123", r.DIFFERS),
        (d.NAME, "MARIA PEREZ", "Maria Perez", r.TRANSFORMED),
        (d.NAME, "Maria Perez", "Maria Perez", r.EQUAL),
        (d.NAME, "MARIA PEREZ", "Maria", r.DIFFERS),
        (d.EMAIL, "ANA@MAIL.COM", "ana@mail.com", r.TRANSFORMED),
        (d.EMAIL, "ana@mail.com", "ana@mail.com", r.EQUAL),
        (d.EMAIL, "ana@mail.com", "otra@mail.com", r.DIFFERS),
        (d.PHONE, "300 123 45 67", "+573001234567", r.TRANSFORMED),
        (d.PHONE, "+573001234567", "+573001234567", r.EQUAL),
        (d.PHONE, "300 123 45 67", "+573001234568", r.DIFFERS),
        (d.DOCUMENT, "52.123.456", "52.123.456", r.EQUAL),
        (d.DOCUMENT, "52.123.456", "52123456", r.TRANSFORMED),
        (d.DOCUMENT, "52.123.456", "52123457", r.DIFFERS),
        (d.DATE, "2019-04-05", date(2019, 4, 5), r.EQUAL),
        (d.DATE, "05/04/2019", date(2019, 4, 5), r.TRANSFORMED),
        (d.DATE, "2019-04-05", "2019-04-05", r.EQUAL),
        (d.DATE, "2019-04-05", date(2019, 4, 2), r.DIFFERS),
        (d.DATE, "2019-04-05", 5, r.DIFFERS),
        (d.NUMBER, "12.500", Decimal("12500.00"), r.TRANSFORMED),
        (d.NUMBER, "12500.00", Decimal("12500.00"), r.EQUAL),
        (d.NUMBER, "12.500", Decimal("12501.00"), r.DIFFERS),
        (d.NUMBER, "abc", Decimal("1"), r.DIFFERS),
    ],
)
def test_rules(rule, text, stored, verdict):
    how = {d.NUMBER: "money"}.get(rule, "")
    assert judge(rule, text, stored, how=how) == verdict


def test_instants_are_compared_in_the_clinics_zone():
    stored = datetime(2021, 3, 5, 19, 30, tzinfo=UTC)  # 14:30 in Bogotá
    assert judge(d.INSTANT, "2021-03-05 14:30:00", stored) == r.EQUAL
    assert judge(d.INSTANT, "05/03/2021 2:30 p. m.", stored) == r.TRANSFORMED
    assert judge(d.INSTANT, "2021-03-05 19:30:00", stored) == r.DIFFERS
    assert judge(d.INSTANT, "2021-03-05 14:30:00", "text") == r.DIFFERS


def test_numbers_of_every_kind():
    assert judge(d.NUMBER, "19%", Decimal("19.00"), how="percent") == r.TRANSFORMED
    assert judge(d.NUMBER, "0,19", Decimal("19.00"), how="percent") == r.TRANSFORMED
    assert judge(d.NUMBER, "19%", Decimal("16.00"), how="percent") == r.DIFFERS
    weighed = {"source": {"weight_unit": "g"}}
    assert judge(d.NUMBER, "3200", Decimal("3.200"), how="weight", **weighed) == r.TRANSFORMED
    assert judge(d.NUMBER, "3200", Decimal("3200"), how="weight", **weighed) == r.DIFFERS


def test_vocabularies():
    source = {"specie": "feline", "specie_other": ""}
    assert judge(d.VOCABULARY, "feline", "cat", how="species", source=source) == r.TRANSFORMED
    assert judge(d.VOCABULARY, "feline", "dog", how="species", source=source) == r.DIFFERS
    assert judge(d.VOCABULARY, "1", True, how="yes-no") == r.TRANSFORMED
    assert judge(d.VOCABULARY, "attend", "attended", how="appointment-status") == r.TRANSFORMED
    assert judge(d.VOCABULARY, "cop", "COP", how="currency") == r.TRANSFORMED
    assert judge(d.VOCABULARY, "Inactivo", False, how="active") == r.TRANSFORMED
    assert judge(d.VOCABULARY, "Activo", True, how="active") == r.TRANSFORMED
    assert judge(d.VOCABULARY, "x", True, how="active") == r.TRANSFORMED
    assert judge(d.VOCABULARY, "nobivac", "MSD Animal Health", how="manufacturer") == (
        r.TRANSFORMED
    )
    # a known unknown stores nothing; something stored instead differs
    assert judge(d.VOCABULARY, "unknow", None, how="neutered") == r.TRANSFORMED
    assert judge(d.VOCABULARY, "unknow", True, how="neutered") == r.DIFFERS


def test_a_microchip_or_the_clinic_code():
    chip = "985 112 003 456 789"
    assert judge(d.VOCABULARY, chip, "985112003456789", how="microchip") == r.TRANSFORMED
    code = {"extra": {"clinic_code": "Negro"}}
    assert judge(d.VOCABULARY, "Negro", "", how="microchip", **code) == r.EQUAL
    wrong = {"extra": {"clinic_code": "Blanco"}}
    assert judge(d.VOCABULARY, "Negro", "", how="microchip", **wrong) == r.DIFFERS


def test_references_follow_the_id_map():
    column = d.Column("owner_id", "owner_id", d.REFERENCE, how="owners")
    links = {("client", "42"): (7, False), ("client", "43"): (7, True)}
    assert r.judge(column, "42", facts({"owner_id": 7}, links=links)) == (r.EQUAL, "#7")
    assert r.judge(column, "43", facts({"owner_id": 7}, links=links))[0] == r.TRANSFORMED
    assert r.judge(column, "42", facts({"owner_id": 8}, links=links)) == (r.DIFFERS, "#8")
    orphan = facts({"owner_id": 9}, issues=[("orphan-owner", "owner_id")])
    assert r.judge(column, "99", orphan) == (r.NOT_IMPORTED, "orphan-owner")
    assert r.judge(column, "99", facts({"owner_id": 9}))[0] == r.MISSING
    # no row of that id was imported and nothing is linked: not imported, said why
    assert r.judge(column, "99", facts({"owner_id": None}))[0] == r.NOT_IMPORTED
    # the link was removed although the row exists
    assert r.judge(column, "42", facts({"owner_id": None}, links=links))[0] == r.MISSING
    client = d.Column("client_id", "invoice__owner_id", d.REFERENCE, how="owners")
    assert r.judge(client, "99", facts({"invoice__owner_id": 9})) == (r.TRANSFORMED, "document")


def test_file_references():
    column = d.Column("file", "details.files", d.FILES)
    refs = [{"path": "VetFiles/1/rx.jpg", "name": "rx.jpg", "column": "file"}]
    text = '[{"name": "rx.jpg", "path": "VetFiles/1/rx.jpg"}]'
    assert r.judge(column, text, facts({"details": {"files": refs}}))[0] == r.TRANSFORMED
    assert r.judge(column, "VetFiles/1/rx.jpg", facts({"details": {"files": refs}}))[0] == (
        r.TRANSFORMED
    )
    assert r.judge(column, "VetFiles/2/x.jpg", facts({"details": {"files": refs}}))[0] == (
        r.DIFFERS
    )
    assert r.judge(column, "[1, 2]", facts({"details": {"files": refs}}))[0] == r.MISSING
    assert r.judge(column, text, facts({"details": {}}))[0] == r.MISSING


def test_extras_raw_fields_and_issues():
    phone = d.Column("mobile", "mobile", d.PHONE, raw="mobile_raw")
    # the normalised field and the raw field agree with the cell
    both = {"mobile": "+573001234567", "mobile_raw": "300 123 45 67"}
    assert r.judge(phone, "300 123 45 67", facts(both))[0] == r.TRANSFORMED
    # the raw field was cut: differs, even though the normalised field is right
    cut = {"mobile": "+573001234567", "mobile_raw": "300 123"}
    assert r.judge(phone, "300 123 45 67", facts(cut)) == (r.DIFFERS, "mobile_raw")
    # rejected by the cleaner, kept as typed in the raw field
    rejected = {"mobile": "", "mobile_raw": "123"}
    assert r.judge(phone, "123", facts(rejected, issues=[("invalid-phone", "mobile")])) == (
        r.KEPT,
        "mobile_raw",
    )
    # kept verbatim in legacy extras
    extras = {"legacy_extras": {"mobile": "abc"}}
    assert r.judge(phone, "abc", facts(extras)) == (r.KEPT, "")
    assert r.judge(phone, "abd", facts(extras))[0] == r.DIFFERS
    # a column declared as kept in extras but absent from them is missing
    kept = d.Column("form_id", "legacy_extras", d.EXTRAS)
    assert r.judge(kept, "7", facts({}))[0] == r.MISSING
    # a column not imported says why
    assert r.judge(d.DELETED_DROPPED, "2024-01-01", facts({}))[0] == r.NOT_IMPORTED
    # a cleaner's issue on the column explains an empty field
    doc = d.Column("number_doc", "ident_number", d.DOCUMENT)
    said = facts({"ident_number": ""}, issues=[("phone-as-document", "number_doc")])
    assert r.judge(doc, "3001234567", said) == (r.NOT_IMPORTED, "phone-as-document")
    # an issue on another column explains a changed value
    dead = d.Column("dead", "is_deceased", d.VOCABULARY, how="yes-no")
    flagged = facts({"is_deceased": True}, issues=[("deceased-without-flag", "dead_at")])
    assert r.judge(dead, "0", flagged) == (r.TRANSFORMED, "deceased-without-flag")
    assert r.judge(dead, "0", facts({"is_deceased": True}))[0] == r.DIFFERS


def test_value_at_reads_json_keys():
    stored = {"body_systems": {"skin": {"code": "1"}}, "n": 3}
    assert r.value_at(stored, ("body_systems", "skin", "code")) == "1"
    assert r.value_at(stored, ("n", "x")) is None
    assert r.value_at(stored, ("missing",)) is None
