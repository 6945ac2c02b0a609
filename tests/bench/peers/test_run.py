"""The peers' runner: interleaved rounds on fresh databases, medians, the report's table."""

import sqlite3

import pytest

from bench.databases import SQLiteDatabases
from bench.peers import run as runner


class Home:
    """Databases that only note what was made and dropped."""

    def __init__(self, kind: str, journal: list) -> None:
        self.kind, self.journal, self.live = kind, journal, set()

    def url(self, label: str) -> str:
        return f"{self.kind}://{label}"

    def create(self, label: str, *, source=None) -> str:
        self.live.add(label)
        return self.url(label)

    def drop(self, label: str) -> None:
        self.live.discard(label)


def _measured(seconds: float, written: dict) -> dict:
    return {"seconds": seconds, "peak_mb": 80.0, "worker_mb": 0.0, "written": written}


def test_rounds_interleave_databases_and_peers_and_the_floor_copies_the_projects_run(tmp_path):
    journal = []
    homes = {"sqlite": Home("sqlite", journal), "postgres": Home("postgres", journal)}

    def launch(argv, url, work):
        journal.append((argv[0], url, argv[1]))
        return _measured(1.0, {})

    runs = runner.measure(homes, tmp_path / "owners.csv", 2, tmp_path, launch)

    peers = [(peer, url) for peer, url, _ in journal]
    assert peers[:4] == [
        ("ie-defaults", "sqlite://ie-defaults-0"),
        ("ie-tuned", "sqlite://ie-tuned-0"),
        ("okvet", "sqlite://okvet-0"),
        ("floor", "sqlite://floor-0"),
    ]
    assert [peer for peer, _ in peers[4:8]] == ["ie-defaults", "ie-tuned", "okvet", "floor"]
    assert peers[4][1].startswith("postgres://")
    assert [peer for peer, _ in peers[8:12]] == ["ie-tuned", "okvet", "floor", "ie-defaults"]
    floors = [(url, source) for peer, url, source in journal if peer == "floor"]
    assert floors[0] == ("sqlite://floor-0", "sqlite://okvet-0")
    assert all(len(by_peer) == 2 for kind in runs.values() for by_peer in kind.values())
    assert not homes["sqlite"].live and not homes["postgres"].live  # every database dropped


def test_a_database_is_dropped_when_its_run_fails(tmp_path):
    home = Home("sqlite", [])

    def launch(argv, url, work):
        raise SystemExit("ie-defaults failed")

    with pytest.raises(SystemExit):
        runner.measure({"sqlite": home}, tmp_path / "owners.csv", 1, tmp_path, launch)
    assert not home.live


def _runs() -> dict:
    tracked = {"accounts_user": 90, "clinic_ownerprofile": 90, "migration_migrationrecord": 100}
    plain = {"accounts_user": 100, "clinic_ownerprofile": 100}
    return {
        "sqlite": {
            "ie-defaults": [_measured(s, plain) for s in (50.0, 40.0, 60.0)],
            "ie-tuned": [_measured(s, plain) for s in (8.0, 9.0, 7.0)],
            "okvet": [_measured(s, tracked) for s in (2.0, 3.0, 2.5)],
            "floor": [_measured(s, tracked) for s in (1.0, 0.5, 2.0)],
        }
    }


def test_the_report_gives_medians_every_run_and_each_peer_over_the_floor():
    result = runner.report(100, _runs(), {"sqlite": "executemany"})

    table = result["databases"]["sqlite"]["peers"]
    assert table["ie-defaults"]["seconds"] == 50.0
    assert table["ie-defaults"]["every_run"] == [50.0, 40.0, 60.0]
    assert table["ie-defaults"]["times_floor"] == 50.0
    assert table["okvet"]["rows_per_second"] == 40  # source rows a second
    assert table["floor"]["rows_per_second"] == 280  # rows written a second
    assert table["floor"]["method"] == "executemany"
    assert table["floor"]["times_floor"] == 1.0
    assert result["databases"]["sqlite"]["tuned_over_okvet"] == 3.2


def test_the_table_names_what_each_peer_wrote_and_does():
    lines = list(runner.render(runner.report(100, _runs(), {"sqlite": "executemany"})))

    assert lines[2].startswith("| database | peer | rows written |")
    assert lines[4] == (
        "| sqlite | django-import-export 4.4.3, defaults | users 100, owners 100 | 50.0 | "
        "50.0, 40.0, 60.0 | 2 | 80.0 | 50.0 |"
    )
    assert "| raw floor (executemany) | users 90, owners 90, records 100 | 1.0 |" in lines[7]
    assert "sqlite: django-import-export tuned takes 3.2× as long as import_okvet_clients." in lines
    assert sum(line.startswith("- ") for line in lines) == len(runner.PEERS)


def test_a_child_runs_in_its_own_process_and_a_failed_one_shows_its_error(tmp_path):
    template = tmp_path / "migrated.sqlite3"
    with sqlite3.connect(template) as db:
        db.execute("CREATE TABLE owner (id INTEGER PRIMARY KEY, name TEXT)")
        db.execute("INSERT INTO owner VALUES (1, 'Ana')")
    db.close()
    home = SQLiteDatabases(tmp_path, migrated=template)
    source = home.create("okvet-0")
    with sqlite3.connect(home.path("floor-0")) as db:
        db.execute("CREATE TABLE owner (id INTEGER PRIMARY KEY, name TEXT)")
    db.close()

    measured = runner.launch(["floor", source], home.url("floor-0"), tmp_path)

    assert measured["written"] == {"owner": 1} and measured["seconds"] > 0
    with pytest.raises(SystemExit, match="unknown peer 'csvkit'"):
        runner.launch(["csvkit", "x.csv"], source, tmp_path)
