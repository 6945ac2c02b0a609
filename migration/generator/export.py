"""Public entry point: write a realistic OkVet export of owners and pets, plus its answers.

Besides the export itself, two files say what a correct import must produce: ``manifest.json``
(counts and the notable cases: duplicates, orphans, soft deletions) and ``truth.jsonl`` (the
clean value of every record). Tests, the demo and the benchmark compare the importer with them.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from random import Random

from migration.generator.clinical import ClinicalWriter, PetInfo
from migration.generator.extra import ExtraWriter
from migration.generator.pools import build_pools
from migration.generator.records import (
    END,
    OWNER_COLUMNS,
    PET_COLUMNS,
    OwnerBuilder,
    OwnerRef,
    PetBuilder,
    spread_datetimes,
)
from migration.generator.writers import TableOutput

SHAPES = ("dump", "screens")
FORMATS = ("csv", "xlsx")
ORPHAN_RATE = 0.01
ORPHAN_ID_OFFSET = 1000
# Pets per owner: many owners have one pet, some 2-4, a few are breeders or rescuers.
PETS_PER_OWNER = ((0.70, 1, 1), (0.985, 2, 4), (1.0, 8, 15))
FIRST_PET_SAME_DAY_RATE = 0.6


@dataclass
class Manifest:
    """What ``manifest.json`` holds: the counts and cases a correct import must reproduce."""

    seed: int
    shape: str
    format: str
    files: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    cases: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


def generate_export(
    output: Path,
    *,
    owners: int = 200,
    pets: int = 300,
    shape: str = "dump",
    fmt: str = "csv",
    seed: int = 1,
    clinical: bool = False,
) -> Manifest:
    """Write the export into ``output`` (created if needed); same seed, same bytes.

    ``clinical`` adds the clinical tables (consults, vaccinations, appointments, ...) to a
    table dump; owners and pets are the same bytes with or without them.
    """
    _check(owners, pets, shape, fmt)
    if clinical and shape != "dump":
        raise ValueError("clinical tables exist only in the dump shape")
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    rng, pools = Random(seed), build_pools(seed)
    manifest = Manifest(seed=seed, shape=shape, format=fmt)
    with open(output / "truth.jsonl", "w", encoding="utf-8", newline="\n") as truth:
        documents: dict[int, str] = {}
        photos: list[str] = []
        owner_builder = OwnerBuilder(rng, pools)
        refs = _write_owners(output, manifest, owner_builder, owners, truth, documents)
        infos = _write_pets(output, manifest, PetBuilder(rng, pools), refs, pets, truth, photos)
    if clinical:
        writer = ClinicalWriter(output, manifest, seed, owners, pets)
        writer.write(infos)
        extra = ExtraWriter(output, manifest, seed, owners, pets)
        extra.write(infos, refs, documents, photos, writer.referenced)
    (output / "manifest.json").write_text(
        json.dumps(manifest.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return manifest


def _check(owners: int, pets: int, shape: str, fmt: str) -> None:
    if owners < 0 or pets < 0:
        raise ValueError(f"counts must not be negative (owners={owners}, pets={pets})")
    if shape not in SHAPES:
        raise ValueError(f"shape must be one of {', '.join(SHAPES)}, not {shape!r}")
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")


def _write_owners(output, manifest, builder, count, truth, documents=None) -> list[OwnerRef]:
    """Stream owners to their files and to the truth; keep a small reference per owner."""
    table = TableOutput(output, "propietarios", manifest.shape, manifest.format, OWNER_COLUMNS)
    refs, duplicates, possible, deleted = [], {}, {}, []
    for owner_id, created_at in enumerate(spread_datetimes(builder.rng, count), start=1):
        record = builder.build(owner_id, created_at)
        table.write(record.row)
        truth.write(json.dumps(record.truth, ensure_ascii=False) + "\n")
        if record.duplicate_of is not None:
            duplicates[str(owner_id)] = str(record.duplicate_of)
        if record.possible_duplicate_of is not None:
            possible[str(owner_id)] = str(record.possible_duplicate_of)
        if record.deleted:
            deleted.append(str(owner_id))
        if documents is not None:
            documents[owner_id] = record.row["number_doc"]
        duplicate = record.duplicate_of is not None
        refs.append(OwnerRef(owner_id, created_at, record.deleted, duplicate, record.row["name"]))
    table.close()
    manifest.files["owners"] = table.files
    manifest.counts["clients"] = _counts(table, count, len(deleted), len(duplicates))
    manifest.cases.update(
        duplicate_documents=duplicates, possible_duplicates=possible, soft_deleted_owners=deleted
    )
    return refs


def _counts(table: TableOutput, unique: int, deleted: int, duplicates: int | None) -> dict:
    counts = {"source_rows": table.source_rows, "unique_ids": unique, "soft_deleted": deleted}
    if duplicates is not None:
        counts["duplicate_documents"] = duplicates
    counts["repeated_rows"] = table.repeated_rows
    counts["expected_imported"] = unique - deleted - (duplicates or 0)
    counts["expected_duplicate_status"] = (duplicates or 0) + table.repeated_rows
    return counts


def _write_pets(output, manifest, builder, refs, count, truth, photos=None) -> list[PetInfo]:
    """Stream pets in created_at order; orphans are pets whose owner will not be imported.

    Returns the pets with an importable owner (soft-deleted pets included), for the clinical
    tables.
    """
    table = TableOutput(output, "mascotas", manifest.shape, manifest.format, PET_COLUMNS)
    by_id = {ref.owner_id: ref for ref in refs}
    orphans, deleted, infos = [], [], []
    for pet_id, (created_at, owner_id) in enumerate(plan_pets(builder.rng, refs, count), 1):
        owner = by_id.get(owner_id)
        owner_ok = owner is not None and not owner.deleted
        pet_truth, row = builder.build(pet_id, created_at, owner_id, owner_ok)
        row["owner_name"] = owner.display_name if owner else ""
        table.write(row)
        truth.write(json.dumps(pet_truth, ensure_ascii=False) + "\n")
        if photos is not None and row["photo"]:
            photos.append(row["photo"])
        if pet_truth["soft_deleted"]:
            deleted.append(str(pet_id))
        elif not owner_ok:
            orphans.append(str(pet_id))
        if owner_ok:
            infos.append(_pet_info(row, pet_truth["soft_deleted"]))
    table.close()
    manifest.files["pets"] = table.files
    counts = _counts(table, count, len(deleted), None)
    manifest.counts["pets"] = {**counts, "orphans": len(orphans)}
    manifest.cases.update(orphans=orphans, soft_deleted_pets=deleted)
    return infos


def _pet_info(row: dict, deleted: bool) -> PetInfo:
    return PetInfo(
        pet_id=int(row["id"]),
        owner_id=row["owner_id"],
        created_at=row["created_at"],
        name=row["name"],
        specie=row["specie"],
        weight=row["weight"],
        weight_unit=row["weight_unit"],
        deleted=deleted,
    )


def plan_pets(rng: Random, refs: list[OwnerRef], count: int) -> list[tuple[datetime, int]]:
    """(created_at, owner_id) for every pet, sorted so pet ids follow created_at.

    Duplicate owners get no pets: their pets would belong to the merged original, which
    would make the expected owner of a pet depend on the importer's merge policy.
    """
    eligible = [ref for ref in refs if not ref.duplicate]
    slots = [ref for ref in eligible for _ in range(_pets_for(rng))]
    orphans = sum(rng.random() < ORPHAN_RATE for _ in range(count)) if eligible else count
    wanted = count - orphans
    rng.shuffle(slots)
    slots = slots[:wanted]
    slots += [rng.choice(eligible) for _ in range(wanted - len(slots))]
    plan = [(_pet_created(rng, ref.created_at, i), ref.owner_id) for i, ref in enumerate(slots)]
    first_orphan = len(refs) + ORPHAN_ID_OFFSET + 1
    for when in spread_datetimes(rng, orphans):
        plan.append((when, rng.randint(first_orphan, first_orphan + 5000)))
    plan.sort()
    return plan


def _pets_for(rng: Random) -> int:
    draw = rng.random()
    for threshold, low, high in PETS_PER_OWNER:
        if draw < threshold:
            return rng.randint(low, high)
    return 1


def _pet_created(rng: Random, owner_created: datetime, index: int) -> datetime:
    """Often registered with the owner (minutes later), else any time until the end."""
    if rng.random() < FIRST_PET_SAME_DAY_RATE:
        return owner_created + timedelta(minutes=rng.randint(1, 30))
    room = max(0.0, (END - owner_created).total_seconds())
    return owner_created + timedelta(seconds=int(room * rng.random() ** 2) + 60)
