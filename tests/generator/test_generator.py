"""The OkVet export generator: deterministic, both shapes and formats, realistic rates."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook
from stdnum.co import nit

from migration.generator.export import generate_export


def _rows(path: Path, shape: str) -> list[list[str]]:
    """Data rows of one generated file, header (and screen title rows) removed."""
    if path.suffix == ".xlsx":
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        return rows[3:] if shape == "screens" else rows[1:]
    encoding, delimiter = ("utf-8", ",") if shape == "dump" else ("cp1252", ";")
    with open(path, encoding=encoding, newline="") as handle:
        return list(csv.reader(handle, delimiter=delimiter))[1:]


def _dicts(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("big")
    generate_export(out, owners=2000, pets=3000, seed=7)
    return out


def test_same_seed_same_bytes(tmp_path):
    for name in ("a", "b"):
        generate_export(tmp_path / name, owners=150, pets=200, shape="screens", seed=3)
    for file in sorted((tmp_path / "a").iterdir()):
        assert file.read_bytes() == (tmp_path / "b" / file.name).read_bytes(), file.name


def test_other_seed_other_data(tmp_path):
    generate_export(tmp_path / "a", owners=50, pets=50, seed=1)
    generate_export(tmp_path / "b", owners=50, pets=50, seed=2)
    a, b = (tmp_path / d / "propietarios.csv" for d in "ab")
    assert a.read_bytes() != b.read_bytes()


@pytest.mark.parametrize("shape", ["dump", "screens"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_manifest_counts_match_files(tmp_path, shape, fmt):
    manifest = generate_export(tmp_path, owners=400, pets=600, shape=shape, fmt=fmt, seed=5)
    on_disk = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert on_disk == manifest.to_dict()
    for table, key in (("owners", "clients"), ("pets", "pets")):
        names = manifest.files[table]
        assert names and all((tmp_path / n).exists() for n in names)
        rows = [row for n in names for row in _rows(tmp_path / n, shape)]
        counts = manifest.counts[key]
        assert len(rows) == counts["source_rows"]
        ids = {str(int(float(row[0]))) for row in rows}
        assert len(ids) == counts["unique_ids"] == (400 if table == "owners" else 600)
        assert counts["source_rows"] - counts["unique_ids"] == counts["repeated_rows"]
        assert counts["expected_duplicate_status"] >= counts["repeated_rows"]
    clients = manifest.counts["clients"]
    assert clients["expected_imported"] == (
        clients["unique_ids"] - clients["soft_deleted"] - clients["duplicate_documents"]
    )
    assert len(manifest.cases["duplicate_documents"]) == clients["duplicate_documents"]
    assert len(manifest.cases["orphans"]) == manifest.counts["pets"]["orphans"]
    truth = (tmp_path / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(truth) == 1000


def test_screens_csv_is_cp1252_semicolon_crlf_with_overlap(tmp_path):
    manifest = generate_export(tmp_path, owners=600, pets=600, shape="screens", seed=4)
    first = tmp_path / manifest.files["owners"][0]
    raw = first.read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n") > 1
    header = raw.split(b"\r\n")[0].decode("cp1252").split(";")
    assert header[:4] == ["ID", "Nombre", "Tipo de documento", "Número de documento"]
    pets_header = (tmp_path / manifest.files["pets"][0]).read_bytes().split(b"\r\n")[0]
    assert pets_header.decode("cp1252").split(";")[:3] == ["ID", "ID propietario", "Propietario"]
    assert manifest.counts["clients"]["repeated_rows"] > 0
    second = _rows(tmp_path / manifest.files["owners"][1], "screens")
    assert second[0][-3][2] == "/" and second[0][-3][5] == "/"  # dd/mm/yyyy HH:MM
    assert [n.split("_")[1][:4] for n in manifest.files["owners"]] == sorted(
        n.split("_")[1][:4] for n in manifest.files["owners"]
    )


def test_screens_xlsx_has_title_row(tmp_path):
    manifest = generate_export(tmp_path, owners=30, pets=30, shape="screens", fmt="xlsx")
    rows = CalamineWorkbook.from_path(str(tmp_path / manifest.files["pets"][0]))
    sheet = rows.get_sheet_by_index(0).to_python()
    assert sheet[0][0] == "Listado de mascotas"
    assert sheet[2][:2] == ["ID", "ID propietario"]


def test_dump_xlsx_ids_are_numbers(tmp_path):
    generate_export(tmp_path, owners=30, pets=30, fmt="xlsx")
    sheet = CalamineWorkbook.from_path(str(tmp_path / "propietarios.xlsx"))
    rows = sheet.get_sheet_by_index(0).to_python()
    assert rows[0][:3] == ["id", "name", "ident_type"]
    assert isinstance(rows[1][0], int | float)


def test_owner_rates_roughly_right(big):
    owners = _dicts(big / "propietarios.csv")
    n = len(owners)

    def share(pred):
        return sum(1 for o in owners if pred(o)) / n

    assert 0.50 < share(lambda o: o["ident_type"] == "cc") < 0.62
    assert 0.15 < share(lambda o: o["ident_type"] == "mobile") < 0.22
    assert 0.44 < share(lambda o: o["email"] == "") < 0.56
    assert 0.34 < share(lambda o: o["name"] == o["name"].upper()) < 0.47
    assert 0.55 < share(lambda o: o["phone"] == "") < 0.65
    assert 0.97 < share(lambda o: o["mobile"].startswith("+")) < 1.0
    assert 0.01 < share(lambda o: o["country"] == "México") < 0.06
    for o in owners:
        if o["ident_type"] == "nit":
            assert nit.is_valid(o["number_doc"])
        if o["ident_type"] == "mobile":
            assert o["mobile"].replace(" ", "").endswith(o["number_doc"])


def test_duplicates_share_documents(big):
    owners = {o["id"]: o for o in _dicts(big / "propietarios.csv")}
    manifest = json.loads((big / "manifest.json").read_text(encoding="utf-8"))
    dups = manifest["cases"]["duplicate_documents"]
    assert 20 < len(dups) < 65
    deleted = set(manifest["cases"]["soft_deleted_owners"])
    for dup, original in dups.items():
        assert int(dup) > int(original) and original not in deleted
        digits = [owners[i]["number_doc"].replace(".", "") for i in (dup, original)]
        assert digits[0] == digits[1]
        assert owners[dup]["name"].lower() == owners[original]["name"].lower()
    for other, original in manifest["cases"]["possible_duplicates"].items():
        assert owners[other]["mobile"][-10:] == owners[original]["mobile"][-10:]
        assert owners[other]["number_doc"] != owners[original]["number_doc"]


def test_pet_rates_and_truth(big):
    pets = _dicts(big / "mascotas.csv")
    n = len(pets)
    assert 0.63 < sum(p["specie"] == "canine" for p in pets) / n < 0.73
    assert 0.26 < sum(p["specie"] == "feline" for p in pets) / n < 0.36
    assert 0.06 < sum(p["weight"] == "0" for p in pets) / n < 0.12
    assert 0.87 < sum(p["code"] == "" for p in pets) / n < 0.95
    truth = [json.loads(line) for line in (big / "truth.jsonl").open(encoding="utf-8")]
    pet_truth = {t["id"]: t for t in truth if t["type"] == "pet"}
    orphans = orphan_ids(big)
    assert all(t["owner_id"] is None for t in pet_truth.values() if t["id"] in orphans)
    for pet in pets:
        t = pet_truth[pet["id"]]
        assert pet["name"].upper() == t["name"].upper()
        if t["microchip"]:
            assert len(t["microchip"]) == 15 and t["microchip"] == pet["code"]
        if t["birth_date"]:
            assert t["birth_date"] <= pet["created_at"][:10]
        if pet["weight_unit"] == "lb" and t["weight_kg"]:
            assert float(t["weight_kg"]) < float(pet["weight"].replace(",", "."))


def test_pets_follow_owners_and_orphans(big):
    owners = {o["id"]: o for o in _dicts(big / "propietarios.csv")}
    pets = _dicts(big / "mascotas.csv")
    manifest = json.loads((big / "manifest.json").read_text(encoding="utf-8"))
    missing = [p for p in pets if p["owner_id"] not in owners]
    assert 10 < len(missing) < 60
    for pet in pets:
        owner = owners.get(pet["owner_id"])
        if owner:
            assert pet["created_at"] >= owner["created_at"]
    assert [int(p["id"]) for p in pets] == list(range(1, len(pets) + 1))
    assert [p["created_at"] for p in pets] == sorted(p["created_at"] for p in pets)
    orphans = set(manifest["cases"]["orphans"])
    assert {p["id"] for p in missing if not p["deleted_at"]} <= orphans


def test_negative_counts_rejected(tmp_path):
    with pytest.raises(ValueError):
        generate_export(tmp_path, owners=-1)


def test_command_writes_export(tmp_path, run):
    ran = run("generate_okvet_export", f"--output={tmp_path}", "--owners=20", "--pets=30")
    assert "propietarios.csv" in ran.out and "mascotas.csv" in ran.out
    assert (tmp_path / "manifest.json").exists()


def test_command_rejects_negative_counts(tmp_path, run):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        run("generate_okvet_export", f"--output={tmp_path}", "--owners=-5")


def orphan_ids(directory: Path) -> set[str]:
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    return set(manifest["cases"]["orphans"])


CLINICAL_FILES = {
    "consults": "consultas.csv",
    "vaccinations": "vacunaciones.csv",
    "appointments": "citas.csv",
    "prescriptions": "formulas_cabecera.csv",
    "prescription_items": "formulas_items.csv",
    "hospitalizations": "hospitalizaciones.csv",
}


@pytest.fixture(scope="module")
def clinical(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("clinical")
    generate_export(out, owners=600, pets=900, seed=11, clinical=True)
    return out


def test_clinical_off_keeps_owners_and_pets_identical(tmp_path):
    generate_export(tmp_path / "a", owners=120, pets=180, seed=9)
    generate_export(tmp_path / "b", owners=120, pets=180, seed=9, clinical=True)
    for name in ("propietarios.csv", "mascotas.csv", "truth.jsonl"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert not (tmp_path / "a" / "consultas.csv").exists()
    assert "consults" not in json.loads((tmp_path / "a" / "manifest.json").read_text())["files"]


def test_clinical_counts_match_files(clinical):
    manifest = json.loads((clinical / "manifest.json").read_text(encoding="utf-8"))
    pets = _dicts(clinical / "mascotas.csv")
    imported = {p["id"] for p in pets if not p["deleted_at"]}
    max_pet = max(int(p["id"]) for p in pets)
    headers = {}
    for key, name in CLINICAL_FILES.items():
        assert manifest["files"][key] == [name]
        rows = _dicts(clinical / name)
        counts = manifest["counts"][key]
        assert len(rows) == counts["source_rows"] > 0, key
        assert [int(r["id"]) for r in rows] == list(range(1, len(rows) + 1)), key
        if key == "prescription_items":
            ok = {h["id"] for h in headers if not h["deleted_at"] and h["pet_id"] in imported}
            lines = sum(r["prescription_id"] not in ok for r in rows)
            assert lines == counts["orphan_lines"] > 0
            assert counts["expected_imported"] == len(rows) - lines
            continue
        deleted = sum(bool(r["deleted_at"]) for r in rows)
        live = [r for r in rows if not r["deleted_at"]]
        orphans = sum(bool(r["pet_id"]) and r["pet_id"] not in imported for r in live)
        assert counts["soft_deleted"] == deleted
        assert counts["orphans"] == orphans
        assert counts["expected_imported"] == len(rows) - deleted - orphans
        if key != "hospitalizations":  # ~30 stays: 1 % orphans may well be none
            assert any(r["pet_id"] and int(r["pet_id"]) > max_pet + 1000 for r in rows), key
        if key == "prescriptions":
            headers = rows


def test_clinical_values_look_like_okvet(clinical):
    pets = {p["id"]: p for p in _dicts(clinical / "mascotas.csv")}
    consults = _dicts(clinical / "consultas.csv")
    assert 1.2 < len(consults) / len(pets) < 1.8
    for consult in consults:
        assert consult["consult_at"] < "2026-01-01"
        pet = pets.get(consult["pet_id"])
        if pet:
            assert consult["consult_at"] > pet["created_at"]
            assert consult["weight"] == pet["weight"]
        assert consult["temperature_unit"] in ("c", "f")
        assert all(consult[s] in ("0", "1", "2") for s in ("attitude", "skin", "ears"))
        if consult["file"]:
            entry = json.loads(consult["file"])[0]
            assert entry["name"].startswith("rx ") and entry["path"].startswith("VetFiles/1/")
    assert sum("\n" in c["anamnesis"] for c in consults) > len(consults) / 2
    vaccinations = _dicts(clinical / "vacunaciones.csv")
    assert 0.38 < sum(v["lot"] == "" for v in vaccinations) / len(vaccinations) < 0.54
    assert {v["vaccine_type_id"] for v in vaccinations} <= {str(n) for n in range(1, 9)}
    visits = _dicts(clinical / "citas.csv")
    reminders = [v for v in visits if v["start"].endswith("00:00:00")]
    assert 0.4 < len(reminders) / len(visits) < 0.6
    blocked = [v for v in visits if v["type"] == "blocked"]
    assert blocked and all(not v["owner_id"] and not v["pet_id"] for v in blocked)
    for visit in visits:
        pet = pets.get(visit["pet_id"])
        if pet:
            assert visit["owner_id"] == pet["owner_id"]


def test_vaccine_catalog_is_cp1252_semicolon(clinical):
    raw = (clinical / "catalogo_vacunas.csv").read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n") == 9
    rows = [line.split(";") for line in raw.decode("cp1252").splitlines()]
    assert rows[0] == ["ID", "Nombre", "Laboratorio", "Especie"]
    assert [r[0] for r in rows[1:]] == [str(n) for n in range(1, 9)]
    assert rows[1][1] == "Nobivac Rabia"


def test_clinical_xlsx_uses_dump_writer(tmp_path):
    manifest = generate_export(tmp_path, owners=40, pets=60, fmt="xlsx", clinical=True)
    assert manifest.files["consults"] == ["consultas.xlsx"]
    rows = _rows(tmp_path / "consultas.xlsx", "dump")
    assert len(rows) == manifest.counts["consults"]["source_rows"]


def test_clinical_needs_dump_shape(tmp_path):
    with pytest.raises(ValueError):
        generate_export(tmp_path, owners=5, pets=5, shape="screens", clinical=True)


def test_command_clinical_flag(tmp_path, run):
    ran = run("generate_okvet_export", f"--output={tmp_path}", "--pets=30", "--clinical")
    assert "consultas.csv" in ran.out and "citas.csv" in ran.out
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert set(CLINICAL_FILES) | {"vaccine_catalog"} <= set(manifest["counts"])


EXTRA_FILES = {
    "follow_ups": "seguimientos.csv",
    "dewormings": "desparasitaciones.csv",
    "lab_exams": "examenes_cabecera.csv",
    "imaging": "imagenologia.csv",
    "referrals": "remisiones.csv",
    "orders": "ordenes_cabecera.csv",
    "grooming": "peluqueria_spa_cabecera.csv",
    "day_care": "guarderia.csv",
    "documents": "documentos.csv",
}
EXTRA_LINES = {
    "lab_exam_items": ("examenes_items.csv", "laboratory_id", "lab_exams"),
    "order_items": ("ordenes_items.csv", "order_id", "orders"),
    "grooming_items": ("peluqueria_spa_items.csv", "spa_id", "grooming"),
}
FILE_COLUMNS = ("file", "files", "file_before", "file_after")


def test_extra_tables_counts_match_files(clinical):
    manifest = json.loads((clinical / "manifest.json").read_text(encoding="utf-8"))
    pets = _dicts(clinical / "mascotas.csv")
    imported = {p["id"] for p in pets if not p["deleted_at"]}
    max_pet = max(int(p["id"]) for p in pets)
    headers = {}
    for key, name in EXTRA_FILES.items():
        assert manifest["files"][key] == [name]
        rows = _dicts(clinical / name)
        headers[key] = rows
        counts = manifest["counts"][key]
        assert len(rows) == counts["source_rows"] > 0, key
        assert [int(r["id"]) for r in rows] == list(range(1, len(rows) + 1)), key
        deleted = sum(bool(r["deleted_at"]) for r in rows)
        live = [r for r in rows if not r["deleted_at"]]
        orphans = sum(r["pet_id"] not in imported for r in live)
        assert counts["soft_deleted"] == deleted
        assert counts["orphans"] == orphans
        assert counts["expected_imported"] == len(rows) - deleted - orphans
        if len(rows) > 300:
            assert any(int(r["pet_id"]) > max_pet + 1000 for r in rows), key
            assert deleted > 0, key
    for key, (name, link, header_key) in EXTRA_LINES.items():
        assert manifest["files"][key] == [name]
        rows = _dicts(clinical / name)
        counts = manifest["counts"][key]
        assert len(rows) == counts["source_rows"] > 0, key
        ok = {
            h["id"] for h in headers[header_key] if not h["deleted_at"] and h["pet_id"] in imported
        }
        lines = sum(r[link] not in ok for r in rows)
        assert lines == counts["orphan_lines"]
        assert counts["expected_imported"] == len(rows) - lines
        assert {r[link] for r in rows} <= {h["id"] for h in headers[header_key]}


def test_extra_values_look_like_okvet(clinical):
    worms = _dicts(clinical / "desparasitaciones.csv")
    assert {w["product"] for w in worms} <= {
        "Drontal",
        "Bravecto",
        "NexGard",
        "Endogard",
        "Milbemax",
    }
    assert all(w["next_control_at"] > w["deworming_at"] for w in worms)
    imaging = _dicts(clinical / "imagenologia.csv")
    assert {i["study_type"] for i in imaging} <= {"rx", "eco", "tac"}
    assert 0.6 < sum(bool(i["files"]) for i in imaging) / len(imaging) < 0.95
    assert all(1 <= len(json.loads(i["files"])) <= 3 for i in imaging if i["files"])
    items = _dicts(clinical / "ordenes_items.csv")
    assert {i["commandable_type"] for i in items} == {
        "App\\Models\\ImageType",
        "App\\Models\\LaboratoryTest",
    }
    spa = _dicts(clinical / "peluqueria_spa_items.csv")
    assert {s["subject"] for s in spa} <= {"Baño", "Corte", "Uñas", "Oídos"}
    docs = _dicts(clinical / "documentos.csv")
    assert all(d["required_signature"] == "1" for d in docs if d["signature_at"])
    stays = _dicts(clinical / "guarderia.csv")
    assert all(s["discharge_date"] > s["admission_date"] for s in stays)


def test_attachments_match_folder(clinical):
    manifest = json.loads((clinical / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"]["attachments"] == "VetFiles"
    referenced = {p["photo"] for p in _dicts(clinical / "mascotas.csv") if p["photo"]}
    for name in ("consultas.csv", *EXTRA_FILES.values(), "examenes_items.csv"):
        for row in _dicts(clinical / name):
            for column in FILE_COLUMNS:
                if row.get(column):
                    referenced |= {entry["path"] for entry in json.loads(row[column])}
    on_disk = {
        p.relative_to(clinical).as_posix()
        for p in (clinical / "VetFiles").rglob("*")
        if p.is_file()
    }
    assert all(p.rsplit(".", 1)[-1] in ("jpg", "png", "pdf") for p in on_disk)
    counts = manifest["counts"]["attachments"]
    assert counts == {
        "referenced": len(referenced),
        "present": len(referenced & on_disk),
        "missing": len(referenced - on_disk),
        "unreferenced": len(on_disk - referenced),
    }
    assert 0.75 < counts["present"] / counts["referenced"] < 0.95
    assert counts["unreferenced"] > 0
    assert any(p.startswith("VetFiles/pets/") for p in referenced & on_disk)


def _screen(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n")
    return list(csv.reader(raw.decode("cp1252").splitlines(), delimiter=";"))


def test_products_screen_export(clinical):
    manifest = json.loads((clinical / "manifest.json").read_text(encoding="utf-8"))
    rows = _screen(clinical / "productos.csv")
    assert rows[0] == ["Listado de productos"] and rows[1] == []
    assert rows[2][:3] == ["Código", "Código de barras", "Nombre"] and rows[2][-1] == "Activo"
    assert manifest["files"]["products"] == ["productos.csv"]
    assert len(rows) - 3 == manifest["counts"]["products"]["source_rows"] >= 20
    assert {r[9] for r in rows[3:]} <= {"0%", "5%", "19%"}
    assert {r[14] for r in rows[3:]} <= {"Sí", "No"}


def _peso(text: str) -> int:
    return int(text.replace("$", "").replace(".", "").strip())


def test_invoices_screen_export(clinical):
    manifest = json.loads((clinical / "manifest.json").read_text(encoding="utf-8"))
    rows = _screen(clinical / "facturas.csv")
    assert rows[0] == ["Movimiento de facturas"] and rows[1] == []
    header, lines = rows[2], rows[3:]
    assert header[:4] == ["Prefijo", "Número", "Fecha", "Id cliente"] and header[-1] == "Saldo"
    counts = manifest["counts"]["invoices"]
    assert manifest["files"]["invoices"] == ["facturas.csv"]
    assert len(lines) == counts["source_rows"]
    invoices: dict[str, list[list[str]]] = {}
    for line in lines:
        assert line[0] == "FE"
        invoices.setdefault(line[1], []).append(line)
    assert len(invoices) == counts["invoices"]
    assert sorted(map(int, invoices)) == list(range(1001, 1001 + len(invoices)))
    mismatched = unknown = 0
    for group in invoices.values():
        total = sum(_peso(line[11]) for line in group)
        for line in group:
            rate = int(line[10].rstrip("%"))
            assert _peso(line[11]) == round(int(line[8]) * _peso(line[9]) * (100 + rate) / 100)
        mismatched += _peso(group[0][15]) != total
        unknown += group[0][4] == "999999999" and not group[0][3]
    assert mismatched == counts["mismatched"] > 0
    assert unknown == counts["unknown_clients"] > 0
    owners = {o["id"]: o["number_doc"] for o in _dicts(clinical / "propietarios.csv")}
    by_id = [g[0] for g in invoices.values() if g[0][3]]
    assert all(owners[line[3]] == line[4] for line in by_id)
    assert 0.6 < len(by_id) / len(invoices) < 0.8


def test_an_unwritable_output_is_one_line(tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(CommandError, match="cannot write") as caught:
        call_command(
            "generate_okvet_export", f"--output={blocker / 'sub'}", "--owners=1", "--pets=1"
        )
    assert caught.value.returncode == 2
