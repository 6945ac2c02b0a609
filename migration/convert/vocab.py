"""Vocabularies that turn OkVet slugs and free-text words into the clinic's codes.

Keys are pre-normalised (see ``cleaners.normalize_key``): lower case, accents removed, spaces
and hyphens turned into ``_``. OkVet writes ``canine`` while a receptionist types "Perro" in
``specie_other``; both land on ``dog``.
"""

from __future__ import annotations

from decimal import Decimal


def _expand(groups: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {word: code for code, words in groups.items() for word in words}


SPECIES: dict[str, str] = _expand(
    {
        "dog": ("canine", "canino", "canina", "perro", "perra", "dog", "can"),
        "cat": ("feline", "felino", "felina", "gato", "gata", "cat", "michi"),
        "bird": (
            "bird",
            "ave",
            "aves",
            "pajaro",
            "loro",
            "lora",
            "perico",
            "canario",
            "gallina",
            "pato",
            "paloma",
            "cacatua",
            "periquito",
        ),
        "rodent": (
            "rodent",
            "roedor",
            "hamster",
            "hamnster",
            "cobayo",
            "cobaya",
            "cuy",
            "conejillo_de_indias",
            "raton",
            "rata",
            "chinchilla",
            "jerbo",
            "guinea_pig",
        ),
        "reptile": (
            "reptile",
            "reptil",
            "tortuga",
            "iguana",
            "serpiente",
            "culebra",
            "lagarto",
            "gecko",
            "morrocoy",
        ),
        "rabbit": ("lagomorph", "lagomorfo", "conejo", "coneja", "rabbit"),
        "horse": ("equine", "equino", "caballo", "yegua", "horse", "burro", "asno", "mula"),
        "ferret": ("huron", "ferret"),
        "fish": ("pez", "fish", "peces"),
        "pig": ("cerdo", "cerda", "porcino", "pig", "mini_pig", "minipig", "cerdito"),
        "bovine": ("bovino", "vaca", "bovine", "toro", "ternero"),
        "goat": ("caprino", "cabra", "goat", "chivo"),
        "other": ("other", "otro", "otra", "otros", "exotico"),
    }
)

BREEDS: dict[str, str] = {
    **dict.fromkeys(
        (
            "mestizo",
            "mestiza",
            "criollo",
            "criolloa",
            "criolla",
            "srd",
            "sin_raza_definida",
            "sin_raza",
            "cruce",
            "mixed",
            "mixed_breed",
        ),
        "Mestizo",
    ),
    **dict.fromkeys(
        ("dpc", "domestico_pelo_corto", "domestico_de_pelo_corto", "domestic_shorthair"),
        "Doméstico de pelo corto",
    ),
    **dict.fromkeys(
        ("dpl", "domestico_pelo_largo", "domestico_de_pelo_largo", "domestic_longhair"),
        "Doméstico de pelo largo",
    ),
    **dict.fromkeys(
        ("french_poodle", "caniche_o_french_poodle", "poodle", "caniche", "french"), "Poodle"
    ),
    **dict.fromkeys(("labrador", "labrador_retriever"), "Labrador Retriever"),
    **dict.fromkeys(("shih_tzu", "shihtzu", "shitzu"), "Shih Tzu"),
    **dict.fromkeys(("golden_retriever", "golden"), "Golden Retriever"),
    **dict.fromkeys(("yorkshire_terrier", "yorkshire"), "Yorkshire Terrier"),
    **dict.fromkeys(("schnauzer", "schnauzer_miniatura"), "Schnauzer"),
    "pug": "Pug",
    "beagle": "Beagle",
    **dict.fromkeys(("pastor_aleman", "german_shepherd"), "Pastor Alemán"),
    **dict.fromkeys(("bulldog_frances", "french_bulldog"), "Bulldog Francés"),
    **dict.fromkeys(("bulldog_ingles", "english_bulldog"), "Bulldog Inglés"),
    **dict.fromkeys(("pitbull", "pit_bull", "american_pit_bull_terrier"), "Pitbull"),
    "chihuahua": "Chihuahua",
    **dict.fromkeys(("pinscher", "pinscher_miniatura"), "Pinscher"),
    **dict.fromkeys(("siames", "siamese"), "Siamés"),
    **dict.fromkeys(("persa", "persian"), "Persa"),
    "angora": "Angora",
    **dict.fromkeys(("husky_siberiano", "siberian_husky", "husky"), "Husky Siberiano"),
    "border_collie": "Border Collie",
    "cocker_spaniel": "Cocker Spaniel",
    "rottweiler": "Rottweiler",
    "boxer": "Boxer",
    **dict.fromkeys(("dachshund", "salchicha"), "Dachshund"),
    **dict.fromkeys(("maltes", "maltese"), "Maltés"),
    **dict.fromkeys(("bengali", "bengal"), "Bengalí"),
    "doberman": "Doberman",
    "pomerania": "Pomerania",
    "bichon_maltes": "Maltés",
}

SEX: dict[str, str] = _expand(
    {
        "male": ("1", "m", "macho", "male"),
        "female": ("2", "h", "f", "hembra", "female"),
        "unknown": ("3", "desconocido", "unknown", "indeterminado"),
    }
)

NEUTERED: dict[str, bool | None] = {
    **dict.fromkeys(
        (
            "sterilized",
            "esterilizado",
            "esterilizada",
            "castrado",
            "castrada",
            "si",
            "yes",
            "1",
            "true",
            "neutered",
        ),
        True,
    ),
    **dict.fromkeys(
        (
            "unsterilized",
            "no_esterilizado",
            "no_esterilizada",
            "entero",
            "entera",
            "no",
            "0",
            "false",
        ),
        False,
    ),
    **dict.fromkeys(("unknow", "unknown", "desconocido"), None),
}

NULL_TOKENS: frozenset[str] = frozenset(
    (
        "",
        ".",
        "..",
        "...",
        "-",
        "--",
        "---",
        "n/a",
        "na",
        "ne",
        "n/e",
        "n/d",
        "nd",
        "no aplica",
        "***",
        "**",
        "*",
        "null",
        "none",
        "nan",
        "sin dato",
        "sin datos",
        "s/d",
        "x",
    )
)

COUNTRIES: dict[str, str] = _expand(
    {
        "CO": ("colombia",),
        "MX": ("mexico",),
        "CL": ("chile",),
        "EC": ("ecuador",),
        "PE": ("peru",),
        "CR": ("costa_rica",),
        "PA": ("panama",),
        "AR": ("argentina",),
        "VE": ("venezuela",),
        "BO": ("bolivia",),
        "GT": ("guatemala",),
        "HN": ("honduras",),
        "SV": ("el_salvador", "salvador"),
        "NI": ("nicaragua",),
        "PY": ("paraguay",),
        "UY": ("uruguay",),
        "DO": ("republica_dominicana", "dominican_republic"),
        "PR": ("puerto_rico",),
        "ES": ("espana", "spain"),
        "US": (
            "estados_unidos",
            "united_states",
            "usa",
            "eeuu",
            "ee.uu.",
            "united_states_of_america",
        ),
        "CU": ("cuba",),
        "BR": ("brasil", "brazil"),
    }
)
COUNTRIES.update({code.lower(): code for code in set(COUNTRIES.values())})

DOCUMENT_TYPES: dict[str, str] = _expand(
    {
        "cc": ("cc", "cedula", "cedula_de_ciudadania", "c.c."),
        "ce": ("ce", "cedula_de_extranjeria", "c.e."),
        "ti": ("ti", "tarjeta_de_identidad"),
        "pa": ("pa", "pasaporte", "passport", "pp"),
        "nit": ("nit",),
        "dni": ("dni",),
        "curp": ("curp",),
        "rut": ("rut", "run"),
        "other": (
            "document",
            "documento",
            "rc",
            "registro_civil",
            "ine",
            "pep",
            "ppt",
            "rfc",
            "other",
            "otro",
        ),
    }
)

MONTHS = {
    **dict.fromkeys(("enero", "ene", "january", "jan"), 1),
    **dict.fromkeys(("febrero", "feb", "february"), 2),
    **dict.fromkeys(("marzo", "mar", "march"), 3),
    **dict.fromkeys(("abril", "abr", "april", "apr"), 4),
    **dict.fromkeys(("mayo", "may"), 5),
    **dict.fromkeys(("junio", "jun", "june"), 6),
    **dict.fromkeys(("julio", "jul", "july"), 7),
    **dict.fromkeys(("agosto", "ago", "august", "aug"), 8),
    **dict.fromkeys(("septiembre", "setiembre", "sep", "sept", "set", "september"), 9),
    **dict.fromkeys(("octubre", "oct", "october"), 10),
    **dict.fromkeys(("noviembre", "nov", "november"), 11),
    **dict.fromkeys(("diciembre", "dic", "december", "dec"), 12),
}

WEIGHT_UNITS = {
    **dict.fromkeys(("", "kg", "kgs", "kilo", "kilos", "kilogramo", "kilogramos"), Decimal(1)),
    **dict.fromkeys(("g", "gr", "grs", "gramo", "gramos"), Decimal("0.001")),
    **dict.fromkeys(("lb", "lbs", "libra", "libras"), Decimal("0.45359237")),
}

WEIGHT_LIMITS = {
    "dog": ("0.1", "120"),
    "cat": ("0.1", "15"),
    "bird": ("0.005", "20"),
    "rodent": ("0.005", "5"),
    "rabbit": ("0.1", "12"),
    "ferret": ("0.1", "3"),
    "reptile": ("0.001", "300"),
    "fish": ("0.0005", "50"),
    "horse": ("20", "1500"),
    "pig": ("0.5", "400"),
    "bovine": ("10", "1500"),
    "goat": ("1", "150"),
    "other": ("0.0005", "1500"),
}

# Vaccine laboratories as typed in OkVet, and the brands people type instead of the company.
MANUFACTURERS: dict[str, str] = {
    "zoetis": "Zoetis",
    "pfizer": "Zoetis",
    "vanguard": "Zoetis",
    "versican": "Zoetis",
    "defensor": "Zoetis",
    "felocell": "Zoetis",
    "msd": "MSD Animal Health",
    "nobivac": "MSD Animal Health",
    "intervet": "MSD Animal Health",
    "boehringer": "Boehringer Ingelheim",
    "merial": "Boehringer Ingelheim",
    "eurican": "Boehringer Ingelheim",
    "recombitek": "Boehringer Ingelheim",
    "purevax": "Boehringer Ingelheim",
    "rabisin": "Boehringer Ingelheim",
    "virbac": "Virbac",
    "canigen": "Virbac",
    "feligen": "Virbac",
    "elanco": "Elanco",
    "bayer": "Bayer",
    "hipra": "Hipra",
    "vecol": "Vecol",
    "ceva": "Ceva",
    "biogenesis": "Biogénesis Bagó",
    "labyes": "Labyes",
}
