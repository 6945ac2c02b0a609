"""The import beside its peers, on one generated owners file, each run in a fresh process on a
fresh database, interleaved and repeated:

    .venv/bin/python bench/peers/run.py --owners 20000 --repeat 3 [--database sqlite|postgres|both]

Each round runs every peer once, on each database in turn, starting one peer later than the
round before (a peer is not always the first after a pause); the floor follows the
``import_okvet_clients`` run whose rows it copies. The report gives each peer's median and
every run, rows/s, peak RSS and how it compares with the floor; ``--json`` also writes every
run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script: bench/peers/run.py
    sys.path.insert(0, str(ROOT))

from bench.databases import POSTGRES_SERVER, chosen, open_databases  # noqa: E402


@dataclass(frozen=True)
class Peer:
    key: str
    name: str
    does: str


PEERS = (
    Peer(
        "ie-defaults",
        "django-import-export 4.4.3, defaults",
        "a ModelResource for the users, then one for the owner profiles (the file read twice), "
        "in one transaction; per row: a lookup of the row (user by user name, profile by user), "
        "the owner's user read by user name, save() in a savepoint, a diff kept for the report. "
        "Values copied as written (dates parsed): no validation, normalisation or duplicate "
        "check, soft-deleted rows imported, no tracking rows",
    ),
    Peer(
        "ie-tuned",
        "django-import-export 4.4.3, tuned",
        "the same resources with use_bulk (bulk_create per 1,000 rows), force_init_instance "
        "(no lookups: every row new), skip_diff, and the users read once for the owners' "
        "foreign key (the library's advice for bulk imports); still no validation or tracking",
    ),
    Peer(
        "okvet",
        "import_okvet_clients",
        "the project's command: every cell validated and normalised (names, documents, phones "
        "to E.164, emails, dates), same-document rows merged and likely duplicates flagged, "
        "soft-deleted rows skipped; tracking rows: a record per source row, an id mapping per "
        "owner, its issues; one transaction; --no-progress",
    ),
    Peer(
        "floor",
        "raw floor",
        "every row import_okvet_clients wrote (clinic and tracking tables) written into an "
        "empty copy of the schema by the plainest client: sqlite3 executemany on SQLite, "
        "psycopg COPY … FROM STDIN on PostgreSQL; no reading, no conversion",
    ),
)
TIMED = tuple(p.key for p in PEERS if p.key != "floor")
LABELS = {
    "accounts_user": "users",
    "clinic_ownerprofile": "owners",
    "migration_migrationrecord": "records",
    "migration_externalidmapping": "id mappings",
    "migration_dataqualityissue": "issues",
    "migration_migrationbatch": "batches",
}

COLUMNS = (
    *("database", "peer", "rows written", "s (median)", "every run", "rows/s"),
    *("peak RSS MB", "× floor"),
)

Launch = Callable[[list[str], str, Path], dict]


def launch(argv: list[str], url: str, work: Path) -> dict:
    """``bench.peers.child argv`` in a fresh process on the database at ``url``."""
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    env.update(PETFRIENDLY_VAR_DIR=str(work / "var"), PETFRIENDLY_MEDIA_ROOT=str(work / "media"))
    done = subprocess.run(
        [sys.executable, "-m", "bench.peers.child", *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"{argv[0]} failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def rotated(keys: tuple[str, ...], n: int) -> tuple[str, ...]:
    start = n % len(keys)
    return keys[start:] + keys[:start]


def measure(
    homes: dict, path: Path, repeat: int, work: Path, run: Launch = launch
) -> dict[str, dict[str, list[dict]]]:
    """Every run of every peer on every database: ``{database: {peer: [run, …]}}``."""
    runs = {kind: {p.key: [] for p in PEERS} for kind in homes}
    for n in range(repeat):
        for kind, home in homes.items():
            for key in rotated(TIMED, n):
                label = f"{key}-{n}"
                try:
                    runs[kind][key].append(run([key, str(path)], home.create(label), work))
                    if key == "okvet":
                        runs[kind]["floor"].append(_floor(home, label, f"floor-{n}", work, run))
                finally:
                    home.drop(label)
    return runs


def _floor(home, source: str, label: str, work: Path, run: Launch) -> dict:
    """The floor of the run in database ``source``, written into a fresh database ``label``."""
    try:
        return run(["floor", home.url(source)], home.create(label), work)
    finally:
        home.drop(label)


def summary(rows: int, runs: list[dict]) -> dict:
    """One peer's runs: ``rows`` is what its rows/s counts (source rows; the floor's written)."""
    seconds = statistics.median(r["seconds"] for r in runs)
    return {
        "seconds": round(seconds, 2),
        "every_run": [round(r["seconds"], 2) for r in runs],
        "rows_per_second": round(rows / seconds),
        "peak_rss_mb": round(max(r["peak_mb"] for r in runs), 1),
        "worker_peak_rss_mb": round(max(r["worker_mb"] for r in runs), 1),
        "written": runs[0]["written"],
    }


def report(owners: int, runs: dict[str, dict[str, list[dict]]], methods: dict) -> dict:
    """Per database, each peer's summary and its time over the floor's; the floor carries its
    method (executemany, COPY)."""
    out: dict = {"owners": owners, "databases": {}}
    for kind, peers in runs.items():
        floor_rows = sum(peers["floor"][0]["written"].values())
        table = {key: summary(owners, peers[key]) for key in TIMED}
        table["floor"] = {**summary(floor_rows, peers["floor"]), "method": methods[kind]}
        floor = statistics.median(r["seconds"] for r in peers["floor"])
        for key, row in table.items():
            row["times_floor"] = round(
                statistics.median(r["seconds"] for r in peers[key]) / floor, 1
            )
        okvet, tuned = table["okvet"]["seconds"], table["ie-tuned"]["seconds"]
        out["databases"][kind] = {"peers": table, "tuned_over_okvet": round(tuned / okvet, 1)}
    return out


def _written(written: dict[str, int]) -> str:
    return ", ".join(f"{LABELS.get(t, t)} {n:,}" for t, n in written.items())


def render(result: dict) -> Iterator[str]:
    """The report as Markdown: one table, a row per database and peer, then what each does."""
    yield f"{result['owners']:,} owners (source rows), medians of every run shown"
    yield ""
    yield "| " + " | ".join(COLUMNS) + " |"
    yield "|---|---|---|---:|---|---:|---:|---:|"
    names = {p.key: p.name for p in PEERS}
    for kind, table in result["databases"].items():
        for key, row in table["peers"].items():
            name = f"{names[key]} ({row['method']})" if key == "floor" else names[key]
            rss = f"{row['peak_rss_mb']}" + (
                f" + worker {row['worker_peak_rss_mb']}" if row["worker_peak_rss_mb"] else ""
            )
            yield (
                f"| {kind} | {name} | {_written(row['written'])} | {row['seconds']} | "
                f"{', '.join(map(str, row['every_run']))} | {row['rows_per_second']:,} | "
                f"{rss} | {row['times_floor']} |"
            )
    yield ""
    for kind, table in result["databases"].items():
        tuned = table["tuned_over_okvet"]
        yield f"{kind}: django-import-export tuned takes {tuned}× as long as import_okvet_clients."
    yield ""
    yield "rows/s: source rows a second (the floor: rows written a second)."
    for peer in PEERS:
        yield f"- {peer.name}: {peer.does}."


def main(argv: list[str] | None = None) -> dict:
    from bench.benchmark import generate

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--owners", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3, help="rounds; medians are reported")
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="sqlite")
    parser.add_argument("--server", default=POSTGRES_SERVER, help="the PostgreSQL server")
    parser.add_argument("--json", type=Path, help="also write the report and every run here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        generate(work / "export", args.owners, 0, False)
        homes: dict = {}
        try:
            for kind in chosen(args.database):
                homes[kind] = open_databases(kind, work, server=args.server)
            runs = measure(homes, work / "export" / "propietarios.csv", args.repeat, work)
        finally:
            for home in homes.values():
                home.close()
    result = report(args.owners, runs, {k: h.floor_method for k, h in homes.items()})
    if args.json:
        args.json.write_text(json.dumps({**result, "runs": runs}, indent=2))
    print("\n".join(render(result)))
    return result


if __name__ == "__main__":
    main()
