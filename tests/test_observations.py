"""The calibration data table: validation errors and citations against the seed text."""

import pytest

from sdsim.errors import SdsimError
from sdsim.observations import COLUMNS, load_observations

HEADER = ",".join(COLUMNS)


def _write(tmp_path, row):
    path = tmp_path / "obs.csv"
    path.write_text(HEADER + "\n" + row + "\n", encoding="utf-8")
    return path


def test_shipped_table_is_valid():
    obs = load_observations()
    fit = [o for o in obs if o.use == "fit"]
    assert len(fit) >= 30
    assert {o.zone for o in fit} == {"taiyuan", "guilin", "shenzhen", "chenzhou", "lincang", "chengde"}


@pytest.mark.parametrize(
    ("row", "fragment"),
    [
        ("shenzhen,gdp,2020,27700,yuan,level,,f.txt:1,q,fit,", "field 'unit': 'yuan'"),
        ("shenzhen,gdp,20x0,27700,100m_yuan,level,,f.txt:1,q,fit,", "field 'year'"),
        ("shenzhen,gdp,1900,27700,100m_yuan,level,,f.txt:1,q,fit,", "not a year"),
        ("atlantis,gdp,2020,1,100m_yuan,level,,f.txt:1,q,fit,", "unknown zone 'atlantis'"),
        ("shenzhen,gpd,2020,1,100m_yuan,level,,f.txt:1,q,fit,", "Did you mean 'gdp'"),
        ("shenzhen,pm25,2020,-5,ug/m3,change,,f.txt:1,q,fit,", "field 'base_year'"),
    ],
)
def test_bad_rows_name_file_line_and_field(tmp_path, row, fragment):
    path = _write(tmp_path, row)
    with pytest.raises(SdsimError) as err:
        load_observations(path)
    assert str(path) in str(err.value) and "line 2" in str(err.value)
    assert fragment in str(err.value)


def test_every_citation_quotes_its_seed_line(seeds_dir):
    for o in load_observations():
        name, line = o.source.split(":")
        text = (seeds_dir / name).read_text(encoding="utf-8").split("\n")[int(line) - 1]
        assert o.quote in text, f"{o.source}: {o.quote!r} not on that line"
