"""Model checks: units and docs, stock-flow units, dt error, extreme conditions, fit."""

from sdsim import checks


def test_units_and_docs():
    assert checks.units_and_docs().passed


def test_dimensional_consistency():
    result = checks.dimensional_consistency()
    assert result.passed, result.detail


def test_integration_error_below_half_percent():
    result = checks.integration_error("shenzhen")
    assert result.passed, result.detail


def test_extreme_conditions():
    for zone in ("shenzhen", "lincang"):
        result = checks.extreme_conditions(zone)
        assert result.passed, result.detail


def test_calibration_fit():
    assert checks.calibration_fit().passed
