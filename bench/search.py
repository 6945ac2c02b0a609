"""Search benchmark: the staff's patient search (``/historia/``) over many pets.

    .venv/bin/python bench/search.py --pets 100000
    .venv/bin/python bench/search.py --pets 100000 --database-url postgres://postgres@127.0.0.1:5432/pf_bench

Fills a fresh database (a SQLite file in a temporary folder, or the empty PostgreSQL database
given) with owners and pets written in bulk — Colombian names with their accents, documents,
E.164 mobiles, emails, microchips, OkVet ids, about 1.6 pets per owner — then times the
queries the clinic types: a pet's name, an owner's full name typed without accents or in
capitals, a pet and its owner's surname together, a document with its dots, a mobile as people
say it, an email, a microchip, an OkVet id, and a name nobody has. Each query is one page of
results and their count (``clinic.search.pets_search``), run ``--repeat`` times after one warm
run; the report gives the median and slowest milliseconds and the number found, as JSON too.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BATCH = 5_000
PETS_PER_OWNER = 1.6
PET_NAMES = ("Luna", "Max", "Rocky", "Lola", "Toby", "Simón", "Mía", "Nala", "Coco", "Zeus",
             "Canela", "Tomás", "Ñoño", "Bruno", "Kira", "Milo", "Princesa", "Lúcas", "Sasha",
             "Thor")  # fmt: skip


def setup(database_url: str | None, work: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "petfriendly.settings"
    os.environ["PETFRIENDLY_VAR_DIR"] = str(work)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def fill(pets: int, seed: int) -> dict[str, str]:
    """Owners and pets in bulk; → one of each key to look up (a known owner and pet)."""
    from faker import Faker

    from accounts.models import User
    from clinic.models import Origin, OwnerProfile, Pet, Species

    fake, rng = Faker("es_CO"), random.Random(seed)
    Faker.seed(seed)
    owners = max(1, int(pets / PETS_PER_OWNER))
    for start in range(0, owners, BATCH):
        count = min(BATCH, owners - start)
        users = User.objects.bulk_create(
            User(
                username=f"bench-{start + i}",
                email=f"persona{start + i}@correo.com.co",
                password="!",
            )  # fmt: skip
            for i in range(count)
        )
        OwnerProfile.objects.bulk_create(
            OwnerProfile(
                user=user,
                full_name=fake.name(),
                ident_type="cc",
                ident_number=f"{rng.randrange(10**7, 10**10):,}".replace(",", "."),
                ident_number_normalized="",
                mobile=f"+573{rng.randrange(10**8, 10**9)}",
                source_system=Origin.OKVET,
                legacy_id=str(100_000 + start + i),
            )
            for i, user in enumerate(users)
        )
    OwnerProfile.objects.update(ident_number_normalized=_digits_sql())
    owner_ids = list(OwnerProfile.objects.values_list("pk", flat=True))
    species = [Species.DOG] * 7 + [Species.CAT] * 3
    for start in range(0, pets, BATCH):
        Pet.objects.bulk_create(
            Pet(
                owner_id=rng.choice(owner_ids),
                name=f"{rng.choice(PET_NAMES)} {fake.first_name()}"
                if rng.random() < 0.3
                else rng.choice(PET_NAMES),
                species=rng.choice(species),
                microchip=f"98200{rng.randrange(10**9, 10**10)}" if rng.random() < 0.1 else "",
                source_system=Origin.OKVET,
                legacy_id=str(500_000 + start + i),
            )  # fmt: skip
            for i in range(min(BATCH, pets - start))
        )
    return _known()


def _digits_sql():
    from django.db.models import F, Value
    from django.db.models.functions import Replace

    return Replace(F("ident_number"), Value("."), Value(""))


def _known() -> dict[str, str]:
    from clinic.models import Pet

    pet = Pet.objects.exclude(microchip="").select_related("owner", "owner__user").order_by("pk")
    pet = pet[len(pet) // 2] if pet else Pet.objects.select_related("owner__user").first()
    owner = pet.owner
    mobile = owner.mobile[3:]
    return {
        "pet name": "luna",
        "owner, no accents": _plain(owner.full_name).lower(),
        "owner, capitals": owner.full_name.upper(),
        "pet and surname": f"{pet.name.split()[0]} {owner.full_name.split()[-1]}",
        "document with dots": owner.ident_number,
        "mobile as said": f"{mobile[:3]} {mobile[3:6]} {mobile[6:]}",
        "email": owner.user.email.upper(),
        "microchip": pet.microchip,
        "OkVet id": pet.legacy_id,
        "nobody": "zzzyxw",
    }


def _plain(text: str) -> str:
    from unidecode import unidecode

    return unidecode(text)


def measure(queries: dict[str, str], repeat: int) -> list[dict]:
    from clinic.search import pets_search

    rows = []
    for label, query in queries.items():
        results = pets_search(query)  # warm
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            results = pets_search(query)
            len(results.found)
            times.append((time.perf_counter() - start) * 1000)
        rows.append(
            {
                "query": label,
                "typed": query,
                "found": results.page.paginator.count,
                "median_ms": round(statistics.median(times), 1),
                "max_ms": round(max(times), 1),
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pets", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", help="an empty PostgreSQL database (else SQLite)")
    parser.add_argument("--json", type=Path, help="also write the report here")
    parser.add_argument(
        "--keep", type=Path, help="a folder to keep the SQLite database in, reused when filled"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pf-search-bench-") as work:
        setup(args.database_url, args.keep or Path(work))
        from django.db import connection

        from clinic.models import Pet

        started = time.perf_counter()
        queries = _known() if Pet.objects.exists() else fill(args.pets, args.seed)
        filled = time.perf_counter() - started
        rows = measure(queries, args.repeat)
        report = {
            "database": connection.vendor,
            "pets": args.pets,
            "fill_s": round(filled, 1),
            "repeat": args.repeat,
            "queries": rows,
        }
    print(f"{report['database']}, {args.pets:,} pets (filled in {filled:.0f} s)")
    for row in rows:
        print(
            f"  {row['query']:<20} {row['median_ms']:>7.1f} ms  (max {row['max_ms']:.1f})"
            f"  found {row['found']:>6}  «{row['typed']}»"
        )
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
