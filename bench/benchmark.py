"""Import benchmark: source rows/s, peak memory, dry-run cost, and the raw-SQLite floor.

    .venv/bin/python bench/benchmark.py --owners 100000 --pets 150000
    .venv/bin/python bench/benchmark.py --owners 80000 --pets 120000 --clinical   # ~1M rows

Generates an OkVet table dump, then in a fresh process per mode imports owners and pets (with
``--clinical``: the whole export, clinical tables included, through ``import_okvet``) into a
fresh SQLite database (real run, then dry run) and reports rows/s and peak RSS of that process.
Finally it copies every row the real run wrote into an empty copy of the schema with plain
``sqlite3.executemany`` and reports how much slower the import is than that floor.

Dry runs of owners and pets are timed two ways. ``dry_run``: each batch's dry run against the
database its real run sees (the owners' dry run is followed, untimed, by their real import), so
it does the real run's work plus the rollback and the report written after it.
``dry_run_alone``: the two dry runs one after the other, as typed at a terminal; nothing of the
owners' dry run is left, so every pet is an orphan (one more issue each, a placeholder owner),
which is more work than the real run. With ``--clinical`` the dry run is ``import_okvet
--dry-run``, whose steps all run in one transaction and see each other's rows.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

CHILD = r"""
import glob, json, os, resource, sys, threading, time
import django
os.environ["DJANGO_SETTINGS_MODULE"] = "petfriendly.settings"
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from migration.services.imports import ImportOptions, batch_import
from migration.services.runs import run_import
export, mode, whole = sys.argv[1], sys.argv[2], sys.argv[4] == "clinical"
dry = mode != "real"
parallel = None if sys.argv[5] == "auto" else False
options = ImportOptions(files=[], dry_run=dry, batch_size=int(sys.argv[3]), parallel=parallel)
def pss_kb(pid):
    with open(f"/proc/{pid}/smaps_rollup") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("Pss:"))
def tree_pss():
    pids = [os.getpid()]
    for path in glob.glob(f"/proc/{os.getpid()}/task/*/children"):
        with open(path) as fh:
            pids += fh.read().split()
    total = 0
    for pid in pids:
        try:
            total += pss_kb(pid)
        except (OSError, StopIteration):
            pass
    return total
peak_pss = [0]
def sample():
    while True:
        peak_pss[0] = max(peak_pss[0], tree_pss())
        time.sleep(0.05)
if os.path.exists("/proc/self/smaps_rollup"):
    threading.Thread(target=sample, daemon=True).start()
rows, elapsed = 0, 0.0
if whole:
    started = time.perf_counter()
    rows = sum(b.counts["total"] for b in run_import(source=export, options=options).batches)
    elapsed = time.perf_counter() - started
for kind, name in () if whole else (("clients", "propietarios.csv"), ("pets", "mascotas.csv")):
    def once(dry_run):
        return batch_import(batch_type=kind, options=ImportOptions(
            files=[os.path.join(export, name)], dry_run=dry_run, batch_size=int(sys.argv[3]),
            parallel=parallel))
    started = time.perf_counter()
    rows += once(dry).counts["total"]
    elapsed += time.perf_counter() - started
    if mode == "dry":  # untimed: the next batch's dry run finds what its real run finds
        once(False)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"rows": rows, "seconds": elapsed, "peak_mb": peak, "worker_mb": worker,
                  "pss_mb": peak_pss[0] / 1024}))
"""


def generate(out: Path, owners: int, pets: int, clinical: bool) -> float:
    started = time.perf_counter()
    subprocess.run(
        [
            PY,
            "manage.py",
            "generate_okvet_export",
            f"--output={out}",
            f"--owners={owners}",
            f"--pets={pets}",
            "--seed=7",
            *(["--clinical"] if clinical else []),
        ],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def import_once(
    export: Path, db: Path, mode: str, batch_size: int, clinical: bool, serial: bool
) -> dict:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [
            PY,
            "-c",
            CHILD,
            str(export),
            mode,
            str(batch_size),
            "clinical" if clinical else "-",
            "serial" if serial else "auto",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def raw_floor(db: Path, work: Path) -> tuple[int, float]:
    """Seconds plain executemany needs to write the same rows into the same empty schema."""
    empty = work / "floor.sqlite3"
    src = sqlite3.connect(db)
    dst = sqlite3.connect(empty)
    for (sql,) in src.execute(
        "SELECT sql FROM sqlite_master WHERE sql NOT NULL AND name NOT LIKE 'sqlite_%'"
    ):
        dst.execute(sql)
    dst.commit()
    names = [
        name
        for (name,) in src.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not name.startswith(("sqlite_", "django_", "auth_"))
    ]
    tables = {t: src.execute(f'SELECT * FROM "{t}"').fetchall() for t in names}
    started = time.perf_counter()
    with dst:
        for table, rows in tables.items():
            if rows:
                marks = ",".join("?" * len(rows[0]))
                dst.executemany(f'INSERT INTO "{table}" VALUES ({marks})', rows)
    return sum(len(r) for r in tables.values()), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--owners", type=int, default=100_000)
    parser.add_argument("--pets", type=int, default=150_000)
    parser.add_argument("--batch-size", type=int, default=2000)
    parser.add_argument(
        "--clinical",
        action="store_true",
        help="also generate the clinical tables and import the whole export with import_okvet",
    )
    parser.add_argument(
        "--serial", action="store_true", help="convert in the importing process (no worker)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        gen = generate(work / "export", args.owners, args.pets, args.clinical)

        def run(mode: str) -> dict:
            return import_once(
                work / "export",
                work / f"{mode}.sqlite3",
                mode,
                args.batch_size,
                args.clinical,
                args.serial,
            )

        real = run("real")
        dry = run("dry")
        alone = None if args.clinical else run("dry-alone")
        written, floor = raw_floor(work / "real.sqlite3", work)
    report = {
        "owners": args.owners,
        "pets": args.pets,
        "clinical_tables": args.clinical,
        "generate_seconds": round(gen, 2),
        "source_rows": real["rows"],
        "import_seconds": round(real["seconds"], 2),
        "rows_per_second": round(real["rows"] / real["seconds"]),
        "conversion_worker": not args.serial,
        "peak_rss_mb": round(real["peak_mb"], 1),
        "worker_peak_rss_mb": round(real["worker_mb"], 1),
        "peak_pss_both_mb": round(real["pss_mb"], 1),
        "dry_run_seconds": round(dry["seconds"], 2),
        "dry_run_ratio": round(dry["seconds"] / real["seconds"], 2),
        "dry_run_peak_rss_mb": round(dry["peak_mb"], 1),
        "dry_run_worker_peak_rss_mb": round(dry["worker_mb"], 1),
        "dry_run_peak_pss_both_mb": round(dry["pss_mb"], 1),
        **(
            {
                "dry_run_alone_seconds": round(alone["seconds"], 2),
                "dry_run_alone_ratio": round(alone["seconds"] / real["seconds"], 2),
            }
            if alone
            else {}
        ),
        "rows_written": written,
        "raw_executemany_seconds": round(floor, 2),
        "ratio_to_raw_executemany": round(real["seconds"] / floor, 1),
    }
    width = max(map(len, report))
    for key, value in report.items():
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
