"""The published targets table (models/targets.csv) and how values are scored against it."""

from __future__ import annotations

import math

import pytest

from sdsim.errors import SdsimError
from sdsim.outcomes import OUTCOMES
from sdsim.paths import SEEDS_DIR
from sdsim.targets import COLUMNS, TARGETS_FILE, Target, load_targets, read_targets, targets


def find(indicator: str, year: int) -> Target:
    rows = [t for t in targets("shenzhen") if t.indicator == indicator and t.year == year]
    assert len(rows) == 1, (indicator, year, rows)
    return rows[0]


def make(bound: str, low=None, high=None, **kw) -> Target:
    base = dict(
        id="t",
        zone="shenzhen",
        indicator="pm25",
        modelled=True,
        name_cn="",
        name_en="",
        year=2025,
        bound=bound,
        low=low,
        high=high,
        unit="ug/m3",
        binding="",
        document="",
        source="x.txt:1",
        quote="q",
    )
    base.update(kw)
    return Target(**base)


def test_table_columns_and_counts():
    frame = load_targets()
    assert list(frame.columns) == COLUMNS
    assert set(frame["year"]) == {2025, 2030}
    assert frame["id"].is_unique
    assert int(frame["modelled"].sum()) == 11
    assert int((~frame["modelled"]).sum()) == 63
    # the sources give 2025/2030 figures for Shenzhen only
    assert set(frame["zone"]) == {"shenzhen"}
    assert load_targets("taiyuan").empty


@pytest.mark.parametrize(
    "indicator,year,bound,low,high",
    [
        ("rd_intensity", 2025, "range", 5.5, 6.0),
        ("rd_intensity", 2030, "range", 6.0, 6.5),
        ("water_per_10k_gdp", 2025, "<=", None, 6.0),
        ("water_use", 2025, "<=", None, 23.93),
        ("recycled_water", 2025, ">=", 80.0, None),
        ("pm25", 2025, "<=", None, 18.0),
        ("pm25", 2030, "<=", None, 15.0),
        ("good_air_ratio", 2025, ">=", 97.5, None),
        ("disposable_income", 2025, ">=", 9.0, None),
        ("disposable_income", 2030, ">=", 10.0, None),
        ("surface_water_good", 2025, ">=", 95.2, None),
    ],
)
def test_modelled_targets_from_the_brief(indicator, year, bound, low, high):
    t = find(indicator, year)
    assert t.modelled and (t.bound, t.low, t.high) == (bound, low, high)
    assert t.unit == OUTCOMES[indicator].unit
    assert t.source == "004_feeeed543def0cf5.txt:2" and t.quote
    assert t.binding == ""  # the sources do not say binding or expected


def test_unmodelled_targets_keep_their_own_key():
    rows = targets("shenzhen", modelled=False)
    assert len(rows) == 63
    for t in rows:
        assert t.indicator not in OUTCOMES, t.indicator
        assert t.quote and t.source
    keys = {t.indicator for t in rows}
    assert {
        "life_expectancy",
        "o3_8h_p90",
        "basic_research_share_of_rd",
        "builtup_green_cover",
        "hospital_beds_per_1000",
    } <= keys


@pytest.mark.skipif(not SEEDS_DIR.exists(), reason="source documents not present")
def test_every_quote_is_on_its_cited_line():
    cache: dict[str, list[str]] = {}
    for t in targets():
        name, line = t.source.rsplit(":", 1)
        lines = cache.setdefault(name, (SEEDS_DIR / name).read_text("utf-8").split("\n"))
        text = lines[int(line) - 1]
        assert t.quote in text, t.id
        for also in filter(None, (a.strip() for a in t.also.split("|"))):
            assert also in text, (t.id, also)
        # the number of the target is in the quoted words (一家 = 1 is written out)
        number = t.high if t.bound in ("<=", "<") else t.low
        if t.id != "shenzhen_district_basic_elderly_institutions_2025":
            assert f"{number:g}" in t.quote or f"{number:.1f}" in t.quote, t.id


# --------------------------------------------------------------------------- scoring


@pytest.mark.parametrize(
    "target,value,met,margin",
    [
        (make("<=", high=18), 12.5, True, 5.5),
        (make("<=", high=18), 18.0, True, 0.0),
        (make("<=", high=18), 19.25, False, -1.25),
        (make("<", high=18), 18.0, False, 0.0),
        (make(">=", low=80), 80.6, True, 0.6),
        (make(">=", low=80), 79.0, False, -1.0),
        (make(">", low=9), 9.0, False, 0.0),
        (make(">", low=9), 9.5, True, 0.5),
        (make("range", low=5.5, high=6.0), 5.75, True, 0.25),
        (make("range", low=5.5, high=6.0), 5.9, True, 0.1),
        (make("range", low=5.5, high=6.0), 6.86, False, -0.86),
        (make("range", low=5.5, high=6.0), 5.0, False, -0.5),
        (make("about", low=100), 100.0, None, None),
        (make("<=", high=18), math.nan, None, None),
    ],
)
def test_met_and_margin(target, value, met, margin):
    assert target.met(value) is met
    got = target.margin(value)
    if margin is None:
        assert got is None
    else:
        assert got == pytest.approx(margin)


def test_describe():
    assert make("<=", high=6, unit="m3/10k yuan").describe() == "≤ 6 m3/10k yuan"
    assert make("range", low=5.5, high=6, unit="%").describe() == "5.5-6 %"
    assert make(">", low=2.2, unit="10k firms").describe() == "> 2.2 10k firms"


# --------------------------------------------------------------------------- bad tables

GOOD_ROW = "shenzhen_x_2025,shenzhen,pm25,true,,,2025,<=,,18,ug/m3,,plan,f.txt:2,q,,"


@pytest.mark.parametrize(
    "row,words",
    [
        (GOOD_ROW.replace("<=,,18", "=<,,18"), ["line 2", "'bound'", "'=<'"]),
        (GOOD_ROW.replace("<=,,18", "<=,,"), ["line 2", "needs field(s) ['high']"]),
        (GOOD_ROW.replace(",pm25,", ",ozone,"), ["line 2", "'indicator'", "not a model outcome"]),
        (GOOD_ROW.replace("ug/m3", "mg/m3"), ["line 2", "'unit'", "'mg/m3'", "'ug/m3'"]),
        (GOOD_ROW.replace(",true,", ",yes,"), ["line 2", "'modelled'", "'yes'"]),
        (GOOD_ROW.replace(",2025,", ",soon,"), ["line 2", "'year'", "'soon'"]),
        (GOOD_ROW.replace("shenzhen,pm25", "shenzen,pm25"), ["line 2", "'zone'", "'shenzen'"]),
        (
            GOOD_ROW.replace(",plan,", ",plan,").replace("18,ug/m3,,", "18,ug/m3,must,"),
            ["line 2", "'binding'", "'must'"],
        ),
        (GOOD_ROW.replace("<=,,18", "range,7,6"), ["line 2", "low above high"]),
        (GOOD_ROW.replace("<=,,18", "<=,,lots"), ["line 2", "'high'", "'lots'"]),
    ],
)
def test_bad_rows_are_refused_with_line_and_field(tmp_path, row, words):
    path = tmp_path / "targets.csv"
    path.write_text(",".join(COLUMNS) + "\n" + row + "\n", encoding="utf-8")
    with pytest.raises(SdsimError) as err:
        read_targets(path)
    msg = str(err.value)
    assert "targets.csv" in msg
    for w in words:
        assert w in msg, msg


def test_duplicate_ids_are_refused(tmp_path):
    path = tmp_path / "targets.csv"
    path.write_text(",".join(COLUMNS) + f"\n{GOOD_ROW}\n{GOOD_ROW}\n", encoding="utf-8")
    with pytest.raises(SdsimError, match=r"line 3, field 'id'.*repeats line 2"):
        read_targets(path)


def test_shipped_file_reads_cleanly():
    assert len(read_targets(TARGETS_FILE)) == 74
