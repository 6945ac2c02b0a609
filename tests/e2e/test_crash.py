"""Crash tests: a real ``import_okvet`` process group (the command and its conversion worker)
killed with SIGKILL at four moments — in the middle of the owners batch, of a clinical table
(consults), of the files step, and between a batch's commit and the next batch. After each:

- the clinic's tables are consistent (no link to a missing row, the database's own foreign-key
  check passes) and the batch being written kept nothing;
- the run is shown as interrupted (``running``, and verify_migration's
  ``no_interrupted_imports`` fails naming it);
- importing the same export again gives what a clean import into an empty database gives:
  the same rows in every clinic table (counts, and a digest of their business columns with
  links named by OkVet ids);
- ``rollback_migration --run-id`` of the two runs leaves the clinic's tables empty.

Then two real imports started at the same moment on one database, from the same host (one lock
folder) or as from two hosts (a lock folder each): one imports, the other is refused at once with
one line naming the run in progress, exit code 2, and leaves nothing. While the first is in the
middle of a batch, another process reads: the clinic's tables (what earlier batches committed,
nothing of the batch being written), the admin's lists, verify_migration (the live run is not
interrupted) and compare_migration. On SQLite the importing process is given a one-page cache,
so that every write it makes spills into the database file at once: in SQLite's default
rollback journal that locks every reader out until the batch commits (they fail with ``database
is locked``); in the write-ahead log the project uses, readers go on.

The processes share a database of their own, emptied between tests: a SQLite file copied from
one migrated once, or (when the tests run on PostgreSQL) a scratch database ``pf_crash_*``. The
export is a small generated one with every table and its attachments.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from migration.services.lock import HOST
from tests.e2e.processes import (
    IMPORTER,
    READER,
    SIGNED_IN,
    run,
    started,
    state,
    wait_for,
)

KILL_POINTS = {
    "owners": ("during", "clients"),
    "consults": ("during", "consults"),
    "files": ("during", "files"),
    "between_batches": ("after", "pets"),
}

BUSY_TIMEOUT = 5.0
"""SQLite's wait for a locked database (Python's default): a refusal that came from waiting
for the database would take longer than this."""
REFUSED = re.compile(
    r"^CommandError: otra importación está en curso \((ejecución 1, )?proceso (\d+)@(\S+), "
    r"desde \d{4}-\d\d-\d\d \d\d:\d\d\): espere a que termine$"
)


@pytest.fixture(scope="module")
def small_export(tmp_path_factory) -> Path:
    """Every table of an OkVet export, with its attachments (VetFiles), a few rows each."""
    out = tmp_path_factory.mktemp("export") / "okvet"
    call_command(
        "generate_okvet_export",
        f"--output={out}",
        "--owners=24",
        "--pets=36",
        "--clinical",
        "--seed=3",
        stdout=io.StringIO(),
    )
    return out


@pytest.fixture(scope="module")
def clean(scratch, small_export, tmp_path_factory):
    """What a clean import of the export into an empty database gives (and its database)."""
    env = scratch.env("clean", tmp_path_factory.mktemp("clean"))
    run(env, "manage.py", "import_okvet", f"--source={small_export}", "--no-progress")
    return {**state(env), "env": env}


def _kill_at(env: dict, export: Path, point: str, table: str, folder: Path) -> None:
    marker = folder / "paused"
    process = started(
        env,
        "-c",
        IMPORTER,
        point,
        table,
        str(marker),
        f"--source={export}",
        "--no-progress",
        "--batch-size=4",
    )
    wait_for(marker, process)
    os.killpg(process.pid, signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL


@pytest.mark.parametrize("where", list(KILL_POINTS))
def test_a_killed_import_leaves_nothing_half_written(scratch, small_export, clean, tmp_path, where):
    point, table = KILL_POINTS[where]
    env = scratch.env("work", tmp_path)
    _kill_at(env, small_export, point, table, tmp_path)

    killed = state(env, verify=True)
    assert killed["dangling"] == {} and killed["constraints"] == "ok"
    assert killed["runs"] == [[1, "running"]]
    batches = {b["type"]: b for b in killed["batches"]}
    if point == "during":  # the batch being written kept nothing, the earlier ones all
        assert batches[table]["status"] == "running"
        assert batches[table]["records"] == batches[table]["mappings"] == 0
        assert all(b["status"] == "completed" for k, b in batches.items() if k != table)
        assert list(batches)[-1] == table
    else:  # the batch committed, nothing of the next one begun
        assert list(batches)[-1] == table and batches[table]["status"] == "completed"
        assert batches[table]["records"] > 0
    assert killed["media"] == []  # files are moved into storage only when their batch commits
    if table == "clients":
        assert killed["counts"]["clinic.OwnerProfile"] == killed["counts"]["accounts.User"] == 0
    assert killed["interrupted"] == [["run", 1]] and not killed["interrupted_check"]["passed"]
    assert killed["interrupted_check"]["examples"] == [f"run 1 ({small_export})"]

    again = run(env, "manage.py", "import_okvet", f"--source={small_export}", "--no-progress")
    assert again.stdout.splitlines()[0].startswith("La ejecución 1 quedó interrumpida")
    assert "La ejecución 1, interrumpida, queda completada por esta." in again.stdout
    after = state(env)
    assert after["runs"] == [[1, "failed"], [2, "completed"]]
    assert after["dangling"] == {} and after["constraints"] == "ok"
    assert after["counts"] == clean["counts"]
    assert after["digests"] == clean["digests"]
    assert sorted(after["media"]) == sorted(clean["media"])
    assert after["interrupted"] == []

    run(env, "manage.py", "rollback_migration", "--run-id=2", "--no-input")
    run(env, "manage.py", "rollback_migration", "--run-id=1", "--no-input")
    empty = state(env, counts_only=True)
    assert {label: n for label, n in empty["counts"].items() if n} == {}
    assert [status for _, status in empty["runs"]] == ["rolled_back", "rolled_back"]


def test_the_digest_sees_a_changed_business_value(clean):
    """The comparison above can fail: one pet's name changed after a clean import."""
    run(
        clean["env"], "manage.py", "shell", "-v0", "-c",
        "from clinic.models import Pet; p = Pet.objects.order_by('pk').last(); "
        "p.name += 'x'; p.save()",
    )  # fmt: skip
    changed = state(clean["env"])
    assert changed["counts"] == clean["counts"]
    assert changed["digests"]["clinic.Pet"] != clean["digests"]["clinic.Pet"]
    others = [label for label in clean["digests"] if label != "clinic.Pet"]
    assert [changed["digests"][k] for k in others] == [clean["digests"][k] for k in others]


def _importer(env: dict, export: Path, marker: Path):
    args = ("during-small-cache", "pets", str(marker), f"--source={export}", "--no-progress")
    return started(env, "-c", IMPORTER, *args, "--batch-size=4")


def _first_outcome(pair, markers, timeout: float = 120):
    """(the paused importer, its pid), (the refused one, its seconds) once both are known."""
    begun, ended = time.monotonic(), {}
    while time.monotonic() - begun < timeout:
        for i, process in enumerate(pair):
            if i not in ended and process.poll() is not None:
                ended[i] = time.monotonic() - begun
        paused = [i for i, marker in enumerate(markers) if marker.exists()]
        if paused and ended:
            return paused[0], int(markers[paused[0]].read_text()), ended
        assert len(ended) < 2, [p.communicate() for p in pair]
        time.sleep(0.02)
    raise AssertionError("neither paused")


@pytest.mark.parametrize("hosts", ["one host", "two hosts"])
def test_two_imports_at_once_one_is_refused_and_reading_goes_on(
    scratch, small_export, tmp_path, hosts
):
    env = scratch.env("work", tmp_path)
    other = (
        {**env, "PETFRIENDLY_VAR_DIR": str(tmp_path / "other-host")} if hosts != "one host" else env
    )
    session = run(env, "-c", SIGNED_IN).stdout.strip()
    markers = [tmp_path / "paused-a", tmp_path / "paused-b"]
    pair = [_importer(env, small_export, markers[0]), _importer(other, small_export, markers[1])]
    try:
        winner, pid, ended = _first_outcome(pair, markers)
        loser = pair[1 - winner]
        out, err = loser.communicate(timeout=10)
        assert loser.returncode == 2, err
        assert ended[1 - winner] < BUSY_TIMEOUT + 5  # its own start-up; no wait for the other
        refused = REFUSED.match(err.strip())
        assert refused and refused.group(2, 3) == (str(pid), HOST), err
        assert "Traceback" not in out + err

        # a third import, the run surely open now: refused at once, naming it
        began = time.monotonic()
        third = run(other, "manage.py", "import_okvet", f"--source={small_export}", check=False)
        assert time.monotonic() - began < BUSY_TIMEOUT
        assert third.returncode == 2
        assert REFUSED.match(third.stderr.strip())[1] == "ejecución 1, ", third.stderr

        seen = _read(other, session, tmp_path)
        assert seen["batches"] == [["clients", "completed"], ["pets", "running"]]
        assert seen["owners"] > 0 and seen["pets"] == 0  # nothing of the batch being written
        assert seen["runs"] == [200, 1] and seen["interrupted"] == [200, 0]
        assert seen["pets_page"] == [200, 0]
        assert seen["no_interrupted_imports"] is True and seen["compare_bytes"] > 0
        assert seen["seconds"] < BUSY_TIMEOUT

        (markers[winner].with_suffix(".go")).write_text("")
        assert pair[winner].wait(timeout=120) == 0, pair[winner].communicate()[1]
    finally:
        for process in pair:
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait()
    after = state(env)
    assert after["runs"] == [[1, "completed"]]  # the refused imports left no run, no batch
    assert {b["run"] for b in after["batches"]} == {1}
    assert all(b["status"] == "completed" for b in after["batches"])


def _read(env: dict, session: str, folder: Path) -> dict:
    done = run(env, "-c", READER, session, str(folder))
    return json.loads(done.stdout)
