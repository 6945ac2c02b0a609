from decimal import Decimal

import pytest

from migration.convert import vitals


@pytest.mark.parametrize(
    ("text", "unit", "celsius"),
    [
        ("38,5", "c", Decimal("38.50")),
        ("38.5 °C", "", Decimal("38.50")),
        ("101,3", "f", Decimal("38.50")),
        ("102", "c", Decimal("38.89")),
        ("normal", "c", None),
        ("", "c", None),
        ("3", "c", None),
    ],
)
def test_temperature(text, unit, celsius):
    assert vitals.temperature_c(text, unit) == celsius


@pytest.mark.parametrize(
    ("text", "value"), [("140 lpm", 140), ("20", 20), ("rosadas", None), ("0", None), ("900", None)]
)
def test_rate(text, value):
    assert vitals.rate(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [("2 seg", Decimal("2.00")), ('2"', Decimal("2.00")), ("<2", Decimal("2.00")), ("99", None)],
)
def test_capillary_refill(text, value):
    assert vitals.seconds(text) == value


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("3/5", (Decimal("3.0"), 5)),
        ("5/9", (Decimal("5.0"), 9)),
        ("2,5 / 5", (Decimal("2.5"), 5)),
        ("4", (Decimal("4.0"), None)),
        ("7/5", (None, None)),
        ("3/10", (None, None)),
        ("gordo", (None, None)),
    ],
)
def test_body_condition(text, score):
    assert vitals.body_condition(text) == score
