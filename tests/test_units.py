"""Dimensional analysis of the model equations."""

import pytest

from sdsim.paths import MODEL_FILE
from sdsim.units import UnitsError, check_units, parse_units


def test_parse_units():
    assert parse_units("CNY100m/Year") == (("CNY", 1), ("Year", -1))
    assert parse_units("CNY10k/person/Year") == (("CNY", 1), ("Year", -1), ("person", -1))
    assert parse_units("m3_100m*CNY10k/(m3*CNY100m)") == ()
    assert parse_units("Year [0,?]") == (("Year", 1),)
    with pytest.raises(UnitsError, match="furlong"):
        parse_units("furlong/Year")


def test_shipped_model_is_consistent():
    report = check_units()
    assert report.checked > 60
    assert report.problems == [] and report.unchecked == []


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        # a flow declared per year feeding a stock, made into a stock unit
        ("capital depreciation =\n\tcapital * depreciation rate\n\t~\tCNY100m/Year",
         "capital depreciation =\n\tcapital * depreciation rate\n\t~\tCNY100m", "capital"),
        # adding a rate to a level
        ("autonomous water saving rate + water saving effectiveness", "autonomous water saving rate + water saving effectiveness * one year", "water saving rate"),
        ("EXP(labour growth rate * (Time - base year))", "EXP(labour growth rate)", "EXP"),
    ],
)
def test_broken_copies_are_caught(tmp_path, old, new, fragment):
    text = MODEL_FILE.read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / "zone.mdl"
    broken.write_text(text.replace(old, new), encoding="utf-8")
    report = check_units(broken)
    assert any(fragment in p for p in report.problems), report.problems
