"""Import benchmark: source rows/s, peak memory, dry-run cost, and the raw-SQLite floor.

    .venv/bin/python bench/benchmark.py --owners 100000 --pets 150000
    .venv/bin/python bench/benchmark.py --owners 50000 --pets 75000 --clinical --repeat 1  # 1M

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

With ``--sync`` each repetition also imports a newer export into a copy of the first real
run's database, as the parallel run does: ``sync_unchanged`` the same export again (every row
met, fingerprinted, nothing written), ``sync_1pct`` the export with one row in a hundred of
every table changed in one text column (each changed row compared column by column with its
version as imported, updated, its before-image kept).

A small server's speed drifts by ±10 % from one minute to the next, so each timed run (and the
floor) is repeated ``--repeat`` times, alternating real and dry runs: the report gives the
median and every run; peak memory is the largest of the runs.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sqlite3
import statistics
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
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "PYTHONPATH": str(ROOT),
        # attachments go to a fresh folder each run, removed with the run's temporary folder
        "PETFRIENDLY_MEDIA_ROOT": str(db.with_suffix(".media")),
    }
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


EDITABLE = ("address", "color", "anamnesis", "observations", "details", "summary", "notes", "lot")


def changed_export(source: Path, out: Path, every: int = 100) -> int:
    """A copy of the export with one row in ``every`` of each CSV table changed in its first
    editable text column; the number of rows changed."""
    shutil.copytree(source, out)
    changed = 0
    for path in sorted(out.rglob("*.csv")):
        raw = path.read_bytes()
        try:
            encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
            text = raw.decode(encoding)
        except UnicodeDecodeError:  # the export writes some tables in Windows-1252
            encoding, text = "cp1252", raw.decode("cp1252")
        rows = list(csv.reader(text.splitlines(keepends=True)))
        if len(rows) < 2:
            continue
        column = next((rows[0].index(c) for c in EDITABLE if c in rows[0]), None)
        if column is None:
            continue
        for row in rows[1::every]:
            if column < len(row):
                row[column] = f"{row[column]} (cambio)".strip()
                changed += 1
        with path.open("w", encoding=encoding, newline="") as fh:
            csv.writer(fh).writerows(rows)
    return changed


def raw_floor(db: Path, work: Path) -> tuple[int, float]:
    """Seconds plain executemany needs to write the same rows into the same empty schema."""
    empty = work / "floor.sqlite3"
    empty.unlink(missing_ok=True)
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


def summary(args, gen: float, runs: dict[str, list[dict]], floors: list) -> dict:
    def seconds(mode: str) -> float:
        return statistics.median(r["seconds"] for r in runs[mode])

    def every(mode: str) -> list[float]:
        return [round(r["seconds"], 2) for r in runs[mode]]

    def peak(mode: str, key: str) -> float:
        return round(max(r[key] for r in runs[mode]), 1)

    real, dry = seconds("real"), seconds("dry")
    rows = runs["real"][0]["rows"]
    floor = statistics.median(f for _, f in floors)
    report = {
        "owners": args.owners,
        "pets": args.pets,
        "clinical_tables": args.clinical,
        "generate_seconds": round(gen, 2),
        "source_rows": rows,
        "runs_each": len(runs["real"]),
        "import_seconds": round(real, 2),
        "import_seconds_every_run": every("real"),
        "rows_per_second": round(rows / real),
        "rows_per_second_every_run": [round(rows / s) for s in every("real")],
        "conversion_worker": not args.serial,
        "peak_rss_mb": peak("real", "peak_mb"),
        "worker_peak_rss_mb": peak("real", "worker_mb"),
        "peak_pss_both_mb": peak("real", "pss_mb"),
        "dry_run_seconds": round(dry, 2),
        "dry_run_seconds_every_run": every("dry"),
        "dry_run_ratio": round(dry / real, 2),
        "dry_run_peak_rss_mb": peak("dry", "peak_mb"),
        "dry_run_worker_peak_rss_mb": peak("dry", "worker_mb"),
        "dry_run_peak_pss_both_mb": peak("dry", "pss_mb"),
    }
    for mode in ("sync-unchanged", "sync-1pct"):
        if runs.get(mode):
            key = mode.replace("-", "_")
            report[f"{key}_seconds"] = round(seconds(mode), 2)
            report[f"{key}_seconds_every_run"] = every(mode)
            report[f"{key}_ratio"] = round(seconds(mode) / real, 2)
            report[f"{key}_peak_rss_mb"] = peak(mode, "peak_mb")
            report[f"{key}_peak_pss_both_mb"] = peak(mode, "pss_mb")
    if "dry-alone" in runs:
        alone = seconds("dry-alone")
        report["dry_run_alone_seconds"] = round(alone, 2)
        report["dry_run_alone_seconds_every_run"] = every("dry-alone")
        report["dry_run_alone_ratio"] = round(alone / real, 2)
    report["rows_written"] = floors[0][0]
    report["raw_executemany_seconds"] = round(floor, 2)
    report["raw_executemany_seconds_every_run"] = [round(f, 2) for _, f in floors]
    report["ratio_to_raw_executemany"] = round(real / floor, 1)
    return report


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
    parser.add_argument(
        "--sync",
        action="store_true",
        help="also time syncs of the same export and of one with 1 %% of its rows changed",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="timed runs of each kind; the median is reported"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        gen = generate(work / "export", args.owners, args.pets, args.clinical)

        def run(mode: str, n: int) -> dict:
            db = work / f"{mode}-{n}.sqlite3"
            done = import_once(
                work / "export", db, mode, args.batch_size, args.clinical, args.serial
            )
            shutil.rmtree(db.with_suffix(".media"), ignore_errors=True)
            if n or mode != "real":  # the first real run's database feeds the floor
                db.unlink()
            return done

        def sync(mode: str, export: Path) -> dict:
            db = work / f"{mode}.sqlite3"
            shutil.copy(work / "real-0.sqlite3", db)
            done = import_once(export, db, "real", args.batch_size, args.clinical, args.serial)
            shutil.rmtree(db.with_suffix(".media"), ignore_errors=True)
            db.unlink()
            return done

        modes = ("real", "dry") if args.clinical else ("real", "dry", "dry-alone")
        runs: dict[str, list[dict]] = {mode: [] for mode in modes}
        newer = work / "export-1pct"
        if args.sync:
            changed_export(work / "export", newer)
            runs.update({"sync-unchanged": [], "sync-1pct": []})
        for n in range(max(1, args.repeat)):
            for mode in modes:
                runs[mode].append(run(mode, n))
            if args.sync:
                runs["sync-unchanged"].append(sync("sync-unchanged", work / "export"))
                runs["sync-1pct"].append(sync("sync-1pct", newer))
        floors = [raw_floor(work / "real-0.sqlite3", work) for _ in range(max(1, args.repeat))]
    report = summary(args, gen, runs, floors)
    width = max(map(len, report))
    for key, value in report.items():
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
