"""Import benchmark: source rows/s, peak memory, dry-run cost, and the raw floor.

    .venv/bin/python bench/benchmark.py --owners 100000 --pets 150000
    .venv/bin/python bench/benchmark.py --owners 50000 --pets 75000 --clinical --repeat 1  # 1M
    .venv/bin/python bench/benchmark.py --owners 20000 --pets 30000 --database both

Generates an OkVet table dump, then in a fresh process per mode imports owners and pets (with
``--clinical``: the whole export, clinical tables included, through ``import_okvet``) into a
fresh database (real run, then dry run) and reports rows/s and peak RSS of that process.
Finally it copies every row the real run wrote into an empty copy of the schema, with plain
``sqlite3.executemany`` on SQLite and psycopg's ``COPY`` on PostgreSQL, and reports how much
slower the import is than that floor.

``--database``: ``sqlite`` (a file per run), ``postgres`` (a database per run on the local
server, ``--server``, made and dropped by the benchmark) or ``both``, interleaved: each
repetition runs every mode on one database, then on the other. The report has a column per
database.

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
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
if str(ROOT) not in sys.path:  # run as a script: bench/benchmark.py
    sys.path.insert(0, str(ROOT))

from bench.databases import POSTGRES_SERVER, chosen, floor_of, open_databases  # noqa: E402

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
options = ImportOptions(files=[], dry_run=dry, batch_size=int(sys.argv[3]))
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
            files=[os.path.join(export, name)], dry_run=dry_run, batch_size=int(sys.argv[3])))
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
    export: Path, db: str, media: Path, mode: str, batch_size: int, clinical: bool, worker: str
) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": db,
        "PYTHONPATH": str(ROOT),
        # attachments go to a fresh folder each run, removed after it
        "PETFRIENDLY_MEDIA_ROOT": str(media),
        "PETFRIENDLY_VAR_DIR": str(media.with_suffix(".var")),
        "MIGRATION_WORKER": worker,
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


def summary(args, gen: float, runs: dict[str, list[dict]], floors: list, method: str) -> dict:
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
        "conversion_worker": args.worker,
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
    report["raw_floor"] = method
    report["raw_floor_seconds"] = round(floor, 2)
    report["raw_floor_seconds_every_run"] = [round(f, 2) for _, f in floors]
    report["ratio_to_raw_floor"] = round(real / floor, 1)
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
        "--worker",
        choices=("auto", "always", "never"),
        default="auto",
        help="MIGRATION_WORKER for the imports (auto: decided by the machine's cores)",
    )
    parser.add_argument(
        "--sync",
        action="store_true",
        help="also time syncs of the same export and of one with 1 %% of its rows changed",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="timed runs of each kind; the median is reported"
    )
    parser.add_argument(
        "--database",
        choices=("sqlite", "postgres", "both"),
        default="sqlite",
        help="a fresh SQLite file or PostgreSQL database per run; both: interleaved",
    )
    parser.add_argument("--server", default=POSTGRES_SERVER, help="the PostgreSQL server")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        gen = generate(work / "export", args.owners, args.pets, args.clinical)
        homes: dict = {}
        try:
            for kind in chosen(args.database):
                homes[kind] = open_databases(kind, work, server=args.server)
            runs, floors = measure(args, work, homes)
        finally:
            for home in homes.values():
                home.close()
    reports = {
        kind: summary(args, gen, runs[kind], floors[kind], home.floor_method)
        for kind, home in homes.items()
    }
    print_reports(reports)


def measure(args, work: Path, homes: dict) -> tuple[dict, dict]:
    """Every timed run, ``{database: {mode: [run, …]}}``, and every floor, ``{database:
    [(rows, seconds), …]}``: each repetition runs every mode on one database, then the next."""

    def run(kind: str, home, mode: str, n: int, export: Path, source: str | None = None) -> dict:
        label = mode if source else f"{mode}-{n}"
        url = home.create(label, source=source)
        media = work / f"{kind}-{label}.media"
        real = "real" if source else mode
        done = import_once(export, url, media, real, args.batch_size, args.clinical, args.worker)
        shutil.rmtree(media, ignore_errors=True)
        shutil.rmtree(media.with_suffix(".var"), ignore_errors=True)
        if source or n or mode != "real":  # the first real run's database feeds the floor
            home.drop(label)
        return done

    modes = ("real", "dry") if args.clinical else ("real", "dry", "dry-alone")
    syncs = {"sync-unchanged": work / "export", "sync-1pct": work / "export-1pct"}
    if args.sync:
        changed_export(work / "export", syncs["sync-1pct"])
    runs = {kind: {mode: [] for mode in (*modes, *(syncs if args.sync else ()))} for kind in homes}
    for n in range(max(1, args.repeat)):
        for kind, home in homes.items():
            for mode in modes:
                runs[kind][mode].append(run(kind, home, mode, n, work / "export"))
            for mode, export in syncs.items() if args.sync else ():
                runs[kind][mode].append(run(kind, home, mode, n, export, source="real-0"))
    floors = {
        kind: [floor_of(home, "real-0", "floor") for _ in range(max(1, args.repeat))]
        for kind, home in homes.items()
    }
    return runs, floors


def print_reports(reports: dict[str, dict]) -> None:
    """One line per measure, one column per database."""
    keys = list(dict.fromkeys(key for report in reports.values() for key in report))
    columns = [
        [kind, *(str(report.get(key, "")) for key in keys)] for kind, report in reports.items()
    ]
    widths = [max(map(len, column)) for column in columns]
    for line in zip(["", *keys], *columns, strict=True):
        label, *values = line
        cells = (f"{value:<{w}}" for value, w in zip(values, widths, strict=True))
        print(f"{label:<{max(map(len, keys))}}  " + "  ".join(cells).rstrip())


if __name__ == "__main__":
    main()
