"""Lever paths and the constrained investment split."""

import pandas as pd
import pytest

from sdsim.errors import SdsimError
from sdsim.lever_settings import as_path, complete_shares, to_model_input, validate
from sdsim.levers import SHARE_KEYS

BASE = {"share_infrastructure": 40.0, "share_ecology": 10.0, "share_technology": 5.0,
        "share_livelihood": 5.0, "share_industry": 40.0}


def test_constant_acts_from_policy_start():
    assert as_path(7.5, "x") == {2021.0: 7.5}


def test_path_anchored_at_base_year():
    series = to_model_input(5.0, {2021.0: 8.0, 2025.0: 10.0})
    assert isinstance(series, pd.Series)
    assert series.loc[2020.0] == 5.0 and series.loc[2025.0] == 10.0


def test_setting_one_share_rescales_others_in_proportion():
    paths = complete_shares(BASE, validate({"share_ecology": 28.0}, 2030))
    values = {k: paths[k][2021.0] for k in SHARE_KEYS}
    assert sum(values.values()) == pytest.approx(100.0)
    assert values["share_ecology"] == 28.0
    # the other four keep their 40:5:5:40 proportions
    assert values["share_infrastructure"] / values["share_industry"] == pytest.approx(1.0)
    assert values["share_technology"] == pytest.approx(72.0 * 5 / 90)


def test_all_five_must_sum_to_100_unless_normalised():
    given = {k: 25.0 for k in SHARE_KEYS}
    with pytest.raises(SdsimError, match="sum to 125.00 %"):
        complete_shares(BASE, validate(given, 2030))
    paths = complete_shares(BASE, validate(given, 2030), normalise=True)
    assert sum(paths[k][2021.0] for k in SHARE_KEYS) == pytest.approx(100.0)


def test_share_paths_balance_at_every_point():
    paths = complete_shares(BASE, validate({"share_technology": {2021: 10, 2025: 20}}, 2030))
    for year in (2021.0, 2025.0):
        assert sum(paths[k][year] for k in SHARE_KEYS) == pytest.approx(100.0)
