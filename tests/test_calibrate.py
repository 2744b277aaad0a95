"""Calibration: committed fits meet the acceptance; a re-fit reproduces it; the projection
continues the fitted history exactly."""

import numpy as np
import pandas as pd
import pytest

from sdsim.calibrate import calibrate_zone, history, setup
from sdsim.paths import CALIBRATION_DIR
from sdsim.runner import run
from sdsim.zone_params import load_zone_parameters
from sdsim.zones import ZONES


@pytest.mark.parametrize("zone", list(ZONES))
def test_committed_fit_within_acceptance(zone):
    report = pd.read_csv(CALIBRATION_DIR / f"{zone}_fit.csv")
    y2020 = report[report.year == 2020]
    assert len(y2020) >= 3
    for _, r in y2020.iterrows():
        if r.error_unit == "pp":
            assert abs(r.error) <= 0.2, r.to_dict()
        elif r.error_unit == "relative":
            assert abs(r.error) <= 0.01, r.to_dict()
    assert report.source.str.contains(r"\.txt:\d+").all()


def test_refit_reproduces_observations(tmp_path):
    zp, report = calibrate_zone("guilin", write=True, directory=tmp_path)
    assert report.within_tolerance.dropna().astype(bool).all()
    assert (tmp_path / "guilin.yaml").exists() and (tmp_path / "guilin_fit.csv").exists()
    committed = load_zone_parameters("guilin")
    assert zp.parameters["tfp growth rate"] == pytest.approx(committed.parameters["tfp growth rate"], rel=1e-3)


def test_projection_continues_history():
    zp = load_zone_parameters("chengde")
    problem = setup("chengde")
    x = np.array([zp.fit["free_parameters"][n] for n in problem.free])
    hist = history(problem, x)
    proj = run("chengde", zone_parameters=zp, final_year=2021).set_index("year")
    for var, key in [("pm25", "pm25"), ("forest cover", "forest_cover"), ("good air days", "good_air_days")]:
        assert proj.loc[2021, key] == pytest.approx(hist.loc[2021, var], rel=1e-9)
