"""Spanish as written in Colombia (es-CO): ``2.000`` filas, ``18,8`` kg, ``02/12/2026 10:30``.

Django's own ``es`` separates thousands with a space and spells dates out; the clinic writes
a point and day/month/year. ISO dates (``2026-12-02``) are still accepted where a date is typed.
"""

DATE_FORMAT = "d/m/Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "d/m/Y H:i"
YEAR_MONTH_FORMAT = r"F \d\e Y"
MONTH_DAY_FORMAT = r"j \d\e F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # '02/12/2026'
    "%d/%m/%y",  # '02/12/26'
    "%Y-%m-%d",  # '2026-12-02'
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
