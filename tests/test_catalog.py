"""The lever catalogue: every lever and assumption documented in both languages, with ranges."""

from sdsim.catalog import lever_catalog
from sdsim.levers import assumptions, levers


def test_every_row_has_both_languages_and_a_range():
    rows = lever_catalog("chenzhou")
    assert {r["key"] for r in rows} == set(levers()) | set(assumptions())
    for r in rows:
        assert r["label_cn"] and r["label_en"], r["key"]
        assert r["description"] and r["description_cn"], r["key"]
        assert r["low"] <= r["default"] <= r["high"], r
        assert any("\u4e00" <= ch <= "\u9fff" for ch in r["description_cn"]), r["key"]


def test_zone_defaults_come_from_its_own_figures():
    rows = {r["key"]: r for r in lever_catalog("chenzhou")}
    assert rows["share_industry"]["default"] == 56.71
    assert round(rows["fiscal_share"]["default"], 2) == 12.85  # 100 - 87.15 social share
    assert "000_86a9a16adcebabe8.txt:82" in rows["fiscal_share"]["source"]
