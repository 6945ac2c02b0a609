"""Helpers of the sync tests: an OkVet export built from the fixtures, newer exports made by
editing its cells with the csv module, and a snapshot of the clinic's tables to compare."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from clinic.models import (
    Appointment,
    Document,
    Invoice,
    InvoiceLine,
    MedicalRecord,
    MedicalRecordItem,
    OwnerProfile,
    Pet,
    Product,
    VaccinationRecord,
)
from migration.models import ExternalIdMapping, MigrationBatch, MigrationRecord

FILES = (
    "engine/propietarios.csv",
    "engine/mascotas.csv",
    "records/consultas.csv",
    "records/formulas_cabecera.csv",
    "records/formulas_items.csv",
    "records/vacunaciones.csv",
    "records/catalogo_vacunas.csv",
    "records/citas.csv",
    "billing/productos.csv",
    "billing/facturas.csv",
)
PEOPLE = FILES[:2]
"""Owners and pets only: an export for the cases that need no other table (faster)."""
ENCODINGS = {"productos.csv": "cp1252"}
CLINIC_MODELS = (
    OwnerProfile,
    Pet,
    MedicalRecord,
    MedicalRecordItem,
    VaccinationRecord,
    Appointment,
    Product,
    Invoice,
    InvoiceLine,
    Document,
)
USER_COLUMNS = ("username", "first_name", "last_name", "email", "is_active")


def build_export(fixtures: Path, folder: Path, files: tuple[str, ...] = FILES) -> Path:
    """The fixtures as one export, pet 201 weighing 3 kg (the weight the newer one changes)."""
    folder.mkdir()
    for name in files:
        shutil.copy(fixtures / name, folder / Path(name).name)
    edit(folder, "mascotas.csv", {"id": "201"}, weight="3")
    return folder


def newer(folder: Path, name: str) -> Path:
    """A copy of the export ``folder``, to edit into a newer one."""
    target = folder.parent / name
    shutil.copytree(folder, target)
    return target


def changed_export(first: Path) -> Path:
    """Every kind of change the clinic's OkVet could make to rows imported before."""
    folder = newer(first, "newer")
    edit(
        folder,
        "propietarios.csv",
        {"id": "101"},
        address="Carrera 9 # 80-15",
        mobile="+573001119999",
        email="maria.nueva@mail.com",
    )
    edit(folder, "propietarios.csv", {"id": "102"}, updated_at="2024-02-01 08:00:00")
    pet = {"weight": "4.5", "dead": "1", "dead_at": "2024-02-01"}
    edit(folder, "mascotas.csv", {"id": "201"}, updated_at="2024-02-01 09:00:00", **pet)
    consult = {"anamnesis": "Vomita hace 3 días.", "updated_at": "2024-02-02 10:00:00"}
    edit(folder, "consultas.csv", {"id": "9001"}, **consult)
    edit(folder, "vacunaciones.csv", {"id": "3301"}, lot="B777")
    edit(folder, "citas.csv", {"id": "72"}, summary="Control de piel")
    line = {"Número": "1001", "Código producto": "VAC-01"}
    edit(folder, "facturas.csv", line, Cantidad="2", **{"Total línea": "25.000"})
    totals = {"Subtotal": "75.000", "Total": "75.000", "Estado": "Anulada"}
    edit(folder, "facturas.csv", {"Número": "1001"}, **totals)
    return folder


def _read(path: Path) -> tuple[str, str, list[list[str]]]:
    encoding = ENCODINGS.get(path.name, "utf-8")
    text = path.read_text(encoding=encoding)
    delimiter = ";" if text.count(";") > text.count(",") else ","
    return encoding, delimiter, list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _write(path: Path, encoding: str, delimiter: str, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding=encoding)


def _header(rows: list[list[str]], columns) -> int:
    return next(i for i, row in enumerate(rows) if set(columns) <= set(row))


def _matching(rows: list[list[str]], start: int, key: dict[str, str]) -> list[int]:
    header = rows[start]
    wanted = [(header.index(c), v) for c, v in key.items()]
    return [
        i
        for i in range(start + 1, len(rows))
        if all(len(rows[i]) > c and rows[i][c] == v for c, v in wanted)
    ]


def edit(folder: Path, file: str, key: dict[str, str], **cells: str) -> None:
    """Set ``cells`` (column → text) on every row of ``file`` whose columns equal ``key``."""
    path = folder / file
    encoding, delimiter, rows = _read(path)
    start = _header(rows, [*key, *cells])
    found = _matching(rows, start, key)
    assert found, f"no row {key} in {file}"
    for i in found:
        for column, value in cells.items():
            rows[i][rows[start].index(column)] = value
    _write(path, encoding, delimiter, rows)


def drop(folder: Path, file: str, key: dict[str, str]) -> None:
    """Remove the rows of ``file`` whose columns equal ``key``."""
    path = folder / file
    encoding, delimiter, rows = _read(path)
    start = _header(rows, key)
    found = set(_matching(rows, start, key))
    assert found, f"no row {key} in {file}"
    _write(path, encoding, delimiter, [r for i, r in enumerate(rows) if i not in found])


def append(folder: Path, file: str, **cells: str) -> None:
    """A new row at the end of ``file`` (the columns not given are empty)."""
    path = folder / file
    encoding, delimiter, rows = _read(path)
    header = rows[_header(rows, cells)]
    rows.append([cells.get(column, "") for column in header])
    _write(path, encoding, delimiter, rows)


def snapshot() -> dict[str, list[tuple]]:
    """Every business column of the clinic's tables (the owners' users too), row by row."""
    tables = {}
    for model in CLINIC_MODELS:
        names = [f.attname for f in model._meta.concrete_fields]
        tables[model._meta.label] = list(model.objects.order_by("pk").values_list(*names))
    users = get_user_model().objects.order_by("pk").values_list(*USER_COLUMNS)
    tables["user"] = list(users)
    return tables


def mappings() -> list[tuple]:
    """The ID map as the sync keeps it: each row's fingerprint and newest version."""
    rows = ExternalIdMapping.objects.order_by("source_type", "source_id", "pk")
    return list(rows.values_list("source_type", "source_id", "fingerprint", "version_batch_id"))


def imported(run, folder: Path, *options: str, report: Path | None = None) -> dict:
    """``import_okvet --source=folder``; the run's report (JSON) and console output."""
    report = report or folder.parent / f"{folder.name}-report.json"
    ran = run(
        "import_okvet", f"--source={folder}", "--no-progress", f"--report-json={report}", *options
    )
    data = json.loads(report.read_text(encoding="utf-8"))
    data["out"] = ran.out
    data["by_type"] = {b["batch_type"]: b for b in data["batches"]}
    return data


def verified(run, tmp_path: Path) -> tuple[bool, dict]:
    """``verify_migration``: whether it passed (exit 0), and its JSON report."""
    out = tmp_path / "verify.json"
    try:
        run("verify_migration", f"--json={out}")
        passed = True
    except CommandError:
        passed = False
    return passed, json.loads(out.read_text(encoding="utf-8"))


def check(data: dict, name: str) -> dict:
    return next(c for c in data["checks"] if c["name"] == name)


def record(data: dict, kind: str, source_id: str) -> MigrationRecord:
    """The record a run's batch of ``kind`` wrote for OkVet id ``source_id``."""
    batch = MigrationBatch.objects.get(pk=data["by_type"][kind]["batch_id"])
    found = MigrationRecord.objects.filter(batch=batch, source_id=source_id)
    return found.exclude(status=MigrationRecord.Status.DUPLICATE).get()
