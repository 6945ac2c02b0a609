"""Long values in the converters: free text whole, real limits left empty with the whole value
in legacy extras (``truncated-value``), keys built from long text never cut."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from migration.convert.base import (
    LEGACY_ID,
    ConvertContext,
    Converted,
    derived_key,
    keep_unmapped,
)
from migration.convert.billing import convert_invoice_line, convert_product
from migration.convert.documents import convert_file_reference
from migration.convert.owners import convert_owner
from migration.convert.pets import convert_pet
from migration.read.sources import SourceRow

CTX = ConvertContext(tz=ZoneInfo("America/Bogota"), default_region="CO", today=date(2024, 1, 1))


def row(**values: str) -> SourceRow:
    return SourceRow(file="t.csv", sheet="", row=2, values=values, extras={})


def codes(out: Converted) -> list[str]:
    return [i.code for i in out.issues]


def test_a_key_that_fits_is_kept_as_is():
    assert derived_key("name:vacuna_rabia") == "name:vacuna_rabia"


def test_a_longer_key_is_the_digest_of_the_whole_text():
    first, second = derived_key("x" * 150 + "a"), derived_key("x" * 150 + "b")
    assert first.startswith("sha256:") and len(first) <= LEGACY_ID
    assert first != second
    assert derived_key("x" * 150 + "a") == first


def test_an_okvet_id_too_long_for_a_key_is_invalid():
    out = keep_unmapped(Converted(legacy_id="9" * (LEGACY_ID + 1)), row(), set())
    assert out.legacy_id == "" and out.fatal
    assert (out.issues[0].code, out.issues[0].value) == ("invalid-id", "9" * (LEGACY_ID + 1))


def test_an_owner_keeps_long_free_text_whole_and_a_long_document_in_extras():
    address, number = "Calle 1 " * 100, "1" * 60
    out = convert_owner(
        row(
            id="1", name="Ana " + "Pérez " * 40, address=address, number_doc=number, ident_type="CC"
        ),
        CTX,
    )
    assert out.fields["address"] == address.strip()
    assert out.fields["full_name"].endswith("Pérez") and len(out.fields["full_name"]) > 240
    assert out.fields["first_name"] == out.fields["last_name"] == ""
    assert out.fields["ident_number"] == out.fields["ident_number_normalized"] == ""
    assert "document" not in out.keys
    assert out.extras["number_doc"] == number and "truncated-value" in codes(out)


def test_a_pet_keeps_a_breed_word_the_free_text_overrode():
    out = convert_pet(
        row(id="1", owner_id="1", race="raza_rara", race_other="Bulldog francés"), CTX
    )
    assert out.fields["breed_original"] == "Bulldog francés"
    assert out.extras["race"] == "raza_rara"


def test_a_pet_of_a_known_breed_word_keeps_no_extra():
    out = convert_pet(row(id="1", owner_id="1", race="criolloa", race_other="Criollo"), CTX)
    assert "race" not in out.extras


def test_a_product_with_a_long_code_is_keyed_by_its_digest_and_flagged():
    code = "C" * 120
    out = convert_product(row(code=code, name="Vacuna"), CTX)
    assert out.legacy_id == derived_key(code) and out.fields["code"] == ""
    assert out.extras["code"] == code and codes(out) == ["truncated-value"]
    line = convert_invoice_line(row(number="7", line_code=code, total="1"), CTX)
    assert line.refs["product"] == out.legacy_id


def test_an_invoice_with_a_long_currency_or_number_leaves_them_empty():
    number = "9" * 60
    out = convert_invoice_line(row(number=number, currency="Pesos colombianos", total="1"), CTX)
    header = out.fields["invoice"]
    assert header["number"] == header["currency"] == ""
    assert out.extras["number"] == number and out.extras["currency"] == "Pesos colombianos"
    assert out.refs["invoice"] == number and not out.fatal
    assert (
        convert_invoice_line(row(number="1", total="1"), CTX).fields["invoice"]["currency"] == "COP"
    )
    assert (
        convert_invoice_line(row(number="1", currency="usd", total="1"), CTX).fields["invoice"][
            "currency"
        ]
        == "USD"
    )


def test_a_file_reference_with_a_long_path_keeps_it_whole():
    path = "VetFiles/" + "carpeta/" * 40 + "rx.jpg"
    out = convert_file_reference(
        row(path=path, name="", kind="attachment", pet="1", record="9"), CTX
    )
    assert out.fields["original_path"] == path and out.fields["name"] == "rx.jpg"
    assert out.legacy_id == derived_key(f"9:{path}")
