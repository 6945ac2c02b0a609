import json

import pytest

from clinic.models import OwnerProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def migrated(run, fixtures):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    run("import_okvet_pets", f"--file={fixtures / 'engine' / 'mascotas.csv'}")
    run("import_okvet_records", f"--file={fixtures / 'records' / 'consultas.csv'}")
    run("import_okvet_vaccines", f"--file={fixtures / 'records' / 'vacunaciones.csv'}")


def test_stratified_sample_side_by_side(run, migrated, tmp_path):
    page, data = tmp_path / "c.html", tmp_path / "c.json"
    ran = run("compare_migration", f"--output={page}", f"--json={data}", "--per-type=2")
    result = json.loads(data.read_text())
    reasons = {
        (p["batch_type"], reason) for p in result["pairs"] for reason in p["reason"].split(", ")
    }
    assert {("pets", "deceased pet"), ("pets", "exotic species"), ("pets", "orphan")} <= reasons
    assert ("clients", "client with many pets") in reasons
    assert ("clients", "merged duplicate") in reasons
    assert {("consults", "oldest"), ("vaccinations", "newest")} <= reasons
    maria = next(
        p for p in result["pairs"] if p["batch_type"] == "clients" and p["source_id"] == "101"
    )
    cells = {c["column"]: c for c in maria["cells"]}
    assert (cells["email"]["target"], cells["email"]["verdict"], cells["email"]["rule"]) == (
        "maria.perez@mail.com",
        "transformed",
        "email",
    )
    assert "lower-casing the e-mail" in cells["email"]["how"]
    assert cells["name"]["target"] == "Maria Perez Gomez"
    # every filled cell shows its stored value or why there is none
    assert all(c["target"] or c["verdict"] == "not_imported" for c in maria["cells"])
    merged = next(p for p in result["pairs"] if "merged duplicate" in p["reason"])
    assert merged["cells"] and {c["verdict"] for c in merged["cells"]} == {"not_imported"}
    assert "merged into OkVet id" in merged["cells"][0]["how"]
    assert result["unexplained"] == [] and result["unmapped"] == []
    html = page.read_text(encoding="utf-8")
    assert "maria.perez@mail.com" in html and "rows compared" in ran.out


def test_an_unexplained_empty_field_is_listed(run, migrated, tmp_path):
    OwnerProfile.objects.filter(legacy_id="101").update(city="")
    data = tmp_path / "c.json"
    run("compare_migration", f"--output={tmp_path / 'c.html'}", f"--json={data}", "--owner-id=101")
    result = json.loads(data.read_text())
    assert result["unexplained"] == ["clients 101: city"]
    kinds = {p["batch_type"] for p in result["pairs"]}
    assert kinds == {"clients", "pets", "consults", "vaccinations"}


def test_one_pets_history(run, migrated, tmp_path):
    data = tmp_path / "c.json"
    run("compare_migration", f"--output={tmp_path / 'c.html'}", f"--json={data}", "--pet-id=202")
    pairs = json.loads(data.read_text())["pairs"]
    assert {(p["batch_type"], p["source_id"], p["status"]) for p in pairs} == {
        ("pets", "202", "imported"),
        ("consults", "9003", "skipped"),
        ("vaccinations", "3302", "imported"),
    }


def test_spanish_times_in_the_clinics_zone(run, migrated, tmp_path):
    data = tmp_path / "c.json"
    run(
        "compare_migration",
        f"--output={tmp_path / 'c.html'}",
        f"--json={data}",
        "--pet-id=202",
        "--language=es",
    )
    pairs = json.loads(data.read_text())["pairs"]
    cells = [c for p in pairs for c in p["cells"] if c["rule"] == "instant"]
    assert cells and all(c["target"] == c["source"] for c in cells if c["verdict"] == "equal")
    assert any(c["verdict"] == "equal" for c in cells)
    assert any(c["how"].startswith("igual") for p in pairs for c in p["cells"])


def test_a_merged_duplicate_shows_its_own_contacts_kept_on_the_survivor(run, fixtures, tmp_path):
    run("import_okvet_clients", f"--file={fixtures / 'identity' / 'propietarios.csv'}")
    page, data = tmp_path / "c.html", tmp_path / "c.json"
    run(
        "compare_migration", f"--output={page}", f"--json={data}", "--owner-id=302", "--language=es"
    )
    pairs = {p["source_id"]: p for p in json.loads(data.read_text())["pairs"]}
    merged = pairs["302"]
    assert merged["status"] == "duplicate" and merged["status_label"] == "Duplicado"
    assert any("+573005550000" in line and "302" in line for line in merged["alternates"])
    assert not any("301" in line.rsplit("(", 1)[-1] for line in merged["alternates"])
    html = page.read_text(encoding="utf-8")
    assert "Contactos alternos conservados en este propietario" in html
    assert "+573005550000" in html and "historia" in html
