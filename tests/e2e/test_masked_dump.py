"""A dump shaped like the real one: identity documents masked as ``102*******``, so that many
owners share one "number" under different names. No two owners with different names become
one, each owner keeps their own pets, and every non-empty cell reads back from the clinic's
tables (the read-back check of ``verify_migration``)."""

import csv
import json
from collections import Counter

import pytest

from clinic.models import OwnerProfile, Pet
from migration.convert.identity import similar_names
from migration.models import MigrationRecord

pytestmark = pytest.mark.django_db


def _mask(folder) -> int:
    """Every owner's document as the real dump masks it: ``102*******``."""
    path = folder / "propietarios.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    masked = 0
    for row in rows:
        digits = "".join(ch for ch in row["number_doc"] if ch.isdigit())
        if len(digits) > 3 and row["ident_type"] != "mobile":
            row["number_doc"] = "102*******"
            masked += 1
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return masked


def test_masked_documents_merge_nobody_and_everything_reads_back(run, tmp_path):
    out = tmp_path / "export"
    run("generate_okvet_export", f"--output={out}", "--owners=150", "--pets=220", "--clinical")
    masked = _mask(out)
    shared = Counter(
        row["number_doc"]
        for row in csv.DictReader((out / "propietarios.csv").open(encoding="utf-8"))
    )
    assert masked > 100 and shared.most_common(1)[0][1] == masked  # many collide, as in the dump
    run("import_okvet", f"--source={out}", "--no-progress")

    merged = MigrationRecord.objects.filter(batch__batch_type="clients", status="duplicate")
    survivors = OwnerProfile.objects.in_bulk([m.target_id for m in merged])
    for record in merged:
        assert similar_names(record.source_data["name"], survivors[record.target_id].full_name)
    assert not merged.filter(issues__issue_type="duplicate-document").exists()
    for pet in Pet.objects.filter(owner__source_system="okvet").select_related("owner"):
        source = MigrationRecord.objects.filter(
            batch__batch_type="pets", source_id=pet.legacy_id, status="imported"
        ).first()
        if source is not None and pet.owner.legacy_id:
            owner_id = source.source_data.get("owner_id", "").strip()
            assert owner_id in {pet.owner.legacy_id, *_aliases(pet.owner)}

    report = tmp_path / "v.json"
    run("verify_migration", f"--json={report}")
    data = json.loads(report.read_text())
    assert data["passed"] and data["readback"]["failed"] == 0


def _aliases(owner) -> set[str]:
    """OkVet ids merged into this owner on identity (same real document and a similar name)."""
    return set(
        MigrationRecord.objects.filter(
            batch__batch_type="clients", status="duplicate", target_id=owner.pk
        ).values_list("source_id", flat=True)
    )
