"""Pools of realistic values, built once per seed.

Faker is far too slow to call once per row for a 250,000-row benchmark, so it is used only to
fill a few thousand names and streets; the records then draw from these pools with a seeded
``random.Random``. Hand-written lists hold what Faker does not know (Google-Places cities, pet
names, OkVet's breed slugs, colour spellings).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from faker import Faker

FIRST_NAMES = 600
LAST_NAMES = 600
STREETS = 1500

# (city, region, country, weight) in Google-Places style, as OkVet stores them.
CO_PLACES = [
    ("Bogotá", "Bogotá D.C.", "Colombia", 40),
    ("Medellín", "Antioquia", "Colombia", 14),
    ("Cali", "Valle del Cauca", "Colombia", 10),
    ("Barranquilla", "Atlántico", "Colombia", 7),
    ("Cartagena", "Provincia de Cartagena", "Colombia", 5),
    ("Bucaramanga", "Santander", "Colombia", 4),
    ("Pereira", "Risaralda", "Colombia", 3),
    ("Manizales", "Caldas", "Colombia", 3),
    ("Chía", "Cundinamarca", "Colombia", 3),
    ("Envigado", "Antioquia", "Colombia", 3),
    ("Santa Marta", "Magdalena", "Colombia", 2),
    ("Ibagué", "Tolima", "Colombia", 2),
    ("Villavicencio", "Meta", "Colombia", 2),
    ("Pasto", "Nariño", "Colombia", 1),
    ("Cúcuta", "Norte de Santander", "Colombia", 1),
]
MX_PLACES = [
    ("Ciudad de México", "CDMX", "México", 5),
    ("Guadalajara", "Jalisco", "México", 3),
    ("Monterrey", "Nuevo León", "México", 2),
]

PET_NAMES = [
    "Luna",
    "Max",
    "Rocky",
    "Simón",
    "Lola",
    "Toby",
    "Kira",
    "Coco",
    "Mía",
    "Bruno",
    "Nala",
    "Zeus",
    "Canela",
    "Manchas",
    "Lucas",
    "Milo",
    "Sasha",
    "Princesa",
    "Tommy",
    "Lucky",
    "Chispa",
    "Paca",
    "Oreo",
    "Negro",
    "Pelusa",
    "Mateo",
    "Thor",
    "Bella",
    "Lulú",
    "Tobías",
    "Firulais",
    "Pepa",
    "Salchicha",
    "Benito",
    "Gordo",
    "Nieve",
    "Michi",
    "Garfield",
    "Tom",
    "Kitty",
    "Misu",
    "Minina",
    "Pancho",
    "Rex",
    "Duque",
    "Dulce",
    "Frida",
    "Greta",
    "Hachi",
    "Jack",
    "Kiara",
    "Layla",
    "Maya",
    "Molly",
    "Nina",
    "Olivia",
    "Pinky",
    "Rufo",
    "Sol",
    "Susy",
    "Tito",
    "Valentina",
    "Wilson",
    "Yuki",
    "Zoe",
    "Ámbar",
    "Tomás",
    "Ramón",
    "Peluchín",
]

CANINE_RACES = [
    ("mestizo", 30),
    ("criolloa", 18),
    ("shih_tzu", 8),
    ("french_poodle", 5),
    ("caniche_o_french_poodle", 4),
    ("labrador", 4),
    ("labrador_retriever", 3),
    ("golden_retriever", 3),
    ("schnauzer", 5),
    ("pug", 3),
    ("beagle", 3),
    ("pitbull", 4),
    ("chihuahua", 4),
    ("yorkshire_terrier", 6),
]
FELINE_RACES = [("criolloa", 45), ("mestizo", 35), ("siames", 10), ("persa", 6), ("angora", 4)]

COLORS = [
    "Negro",
    "NEGRO",
    "negro",
    "Blanco",
    "BLANCO",
    "blanco",
    "Blanco y negro",
    "blanco/negro",
    "Negro y blanco",
    "Café",
    "cafe",
    "CAFÉ",
    "Café claro",
    "Miel",
    "miel",
    "Dorado",
    "Gris",
    "gris",
    "Atigrado",
    "atigrada",
    "ATIGRADO",
    "Tricolor",
    "tricolor",
    "Crema",
    "Beige",
    "Canela",
    "Amarillo",
    "Naranja",
    "Carey",
    "Calicó",
    "Manchado",
    "Rubio",
    "Chocolate",
    "Blanco con manchas cafe",
    "Gris plata",
    "Negro fuego",
    "",
]
FOODS = [
    "Dog Chow",
    "Hills",
    "Pro Plan",
    "Chunky",
    "Br For Cat",
    "Royal Canin",
    "Cat Chow",
    "Ringo",
    "Agility",
    "Casera",
    "BARF",
]
EMAIL_DOMAINS = [
    ("gmail.com", 60),
    ("hotmail.com", 20),
    ("yahoo.com", 6),
    ("outlook.com", 8),
    ("hotmail.es", 3),
    ("une.net.co", 1),
    ("icloud.com", 2),
]
OTHER_SPECIES = [("Hurón", "ferret"), ("Erizo", "other"), ("Tortuga", "reptile")]
FOREIGN_DOC_TYPES = ["ce", "pa", "nit", "ti", "dni"]


@dataclass(frozen=True)
class Pools:
    """Everything the record builders draw from; immutable so it can be cached and shared."""

    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    streets: tuple[str, ...]


@lru_cache(maxsize=4)
def build_pools(seed: int) -> Pools:
    """Fill the Faker pools once per seed (same seed, same pools, same export bytes)."""
    fake = Faker("es_CO")
    fake.seed_instance(seed)
    first = _unique(fake.first_name for _ in range(FIRST_NAMES))
    last = _unique(fake.last_name for _ in range(LAST_NAMES))
    streets = tuple(fake.street_address() for _ in range(STREETS))
    return Pools(first_names=first, last_names=last, streets=streets)


def _unique(calls) -> tuple[str, ...]:
    """Distinct values in first-seen order, so the pool does not depend on set ordering."""
    return tuple(dict.fromkeys(call() for call in calls))
