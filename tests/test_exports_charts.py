"""Charts: CJK font discovery, a clear error without one, and real Chinese glyphs in PNG/SVG."""

from __future__ import annotations

import re
import struct

import docx
import pytest
from test_exports_helpers import cjk_font_or_skip, shared_bundle

from sdsim.errors import SdsimError
from sdsim.exports import ExportBundle, export
from sdsim.exports import fonts as font_mod
from sdsim.exports.charts import chart_data, chart_indicators, chart_spec

OLD = b"old chart\n"


@pytest.fixture(scope="module")
def bundle() -> ExportBundle:
    return shared_bundle()


@pytest.fixture
def no_font(monkeypatch):
    """Pretend no CJK font is installed."""
    monkeypatch.setattr(font_mod, "find_cjk_font", lambda *a, **k: None)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


# --------------------------------------------------------------------------- fonts


def test_find_font_in_given_directories(tmp_path, monkeypatch):
    monkeypatch.delenv(font_mod.ENV_VAR, raising=False)
    assert font_mod.find_cjk_font(search_dirs=[tmp_path], use_fontconfig=False) is None
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "wqy-zenhei.ttc").write_bytes(b"")
    (tmp_path / "NotoSansCJK-Regular.ttc").write_bytes(b"")
    (tmp_path / "DejaVuSans.ttf").write_bytes(b"")
    font = font_mod.find_cjk_font(search_dirs=[tmp_path], use_fontconfig=False)
    assert font.family == "Noto Sans CJK SC" and font.directory == tmp_path  # preferred first
    assert font.css_family().startswith('"Noto Sans CJK SC", "Source Han Sans SC"')
    assert font.css_family().endswith("sans-serif")


def test_env_var_overrides(tmp_path, monkeypatch):
    target = tmp_path / "SourceHanSansSC-Regular.otf"
    target.write_bytes(b"")
    monkeypatch.setenv(font_mod.ENV_VAR, str(target))
    assert font_mod.find_cjk_font().family == "Source Han Sans SC"
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv(font_mod.ENV_VAR, str(empty))
    with pytest.raises(SdsimError, match="no CJK font file"):
        font_mod.find_cjk_font()


def test_no_font_error_names_the_debian_package(no_font):
    with pytest.raises(SdsimError, match="apt-get install -y fonts-noto-cjk") as info:
        font_mod.ensure_cjk_font()
    assert "SDSIM_CJK_FONT" in str(info.value) and "empty boxes" in str(info.value)


@pytest.mark.parametrize("fmt", ["png", "svg", "docx"])
def test_no_font_fails_before_writing(bundle, tmp_path, no_font, fmt):
    path = tmp_path / f"chart.{fmt}"
    path.write_bytes(OLD)
    with pytest.raises(SdsimError, match="fonts-noto-cjk"):
        export(bundle, None, fmt, path)
    assert path.read_bytes() == OLD and [p.name for p in tmp_path.iterdir()] == [path.name]


def test_docx_without_charts_needs_no_font(bundle, tmp_path, no_font):
    document = docx.Document(export(bundle, None, "docx", tmp_path / "a.docx", charts=False))
    assert len(document.inline_shapes) == 0 and len(document.tables) == 1


# --------------------------------------------------------------------------- chart data


def test_chart_data_panels_and_targets(bundle):
    assert chart_indicators(bundle) == ["rd_intensity", "pm25"]  # those with targets
    data = chart_data(bundle)
    runs = data[data.layer == "run"]
    assert len(runs) == 2 * 2 * 11  # scenarios x indicators x years
    targets = data[data.layer == "target"]
    assert sorted(targets["value"]) == [8.0, 14.0]
    assert set(data["panel"]) == {
        "研发投入强度 R&D intensity（%）",
        "PM2.5年均浓度 PM2.5（微克/立方米）",
    }
    green = runs[
        (runs.scenario == "green") & (runs.year == 2030) & runs.panel.str.startswith("研发")
    ]
    assert green["value"].iloc[0] == bundle.value("green", "rd_intensity", 2030)
    six = chart_data(bundle, ["gdp", "co2", "pm25", "rd_intensity", "water_use", "forest_cover"])
    assert six["panel"].nunique() == 6
    with pytest.raises(SdsimError, match="not in the runs"):
        chart_indicators(bundle, ["gdpp"])


def test_spec_sets_the_cjk_font_everywhere(bundle):
    font = font_mod.CjkFont("Noto Sans CJK SC", font_mod.Path("/x/NotoSansCJK-Regular.ttc"))
    spec = chart_spec(bundle, font=font)
    assert spec["config"]["font"].startswith('"Noto Sans CJK SC"')
    assert spec["config"]["title"]["font"] == spec["config"]["font"]
    title = spec["title"]["text"] if isinstance(spec["title"], dict) else spec["title"]
    assert title.startswith("深圳 Shenzhen：情景模拟 Scenario results 2020–2030")


# --------------------------------------------------------------------------- rendering


def test_png_and_svg_render_with_cjk_font(bundle, tmp_path):
    font = cjk_font_or_skip()
    png = export(bundle, None, "png", tmp_path / "sz.png")
    width, height = _png_size(png.read_bytes())
    assert 900 < width < 3000 and 300 < height < 2000  # two panels at scale 2
    svg = export(bundle, None, "svg", tmp_path / "sz.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "研发投入强度 R&amp;D intensity（%）" in svg
    families = set(re.findall(r'font-family="([^"]*)"', svg))
    assert families == {font.css_family().replace('"', "&quot;")}  # every text in the CJK font
    assert "情景 Scenario" in svg and "目标 Target" in svg


def test_chinese_glyphs_are_drawn_not_boxes():
    """Two different Chinese strings render differently (boxes would look alike) and not blank."""
    import vl_convert

    font = cjk_font_or_skip()
    font_mod.ensure_cjk_font()

    def render(text):
        spec = {
            "data": {"values": [{}]},
            "mark": {"type": "text", "fontSize": 40, "font": font.family},
            "encoding": {"text": {"value": text}},
            "config": {"view": {"stroke": None}},
        }
        return vl_convert.vegalite_to_png(spec, scale=1)

    one, two, blank = render("地区生产总值"), render("森林覆盖率高"), render("")
    assert one != two and one != blank and two != blank
    assert _png_size(one)[0] >= 6 * 30  # six wide glyphs, not zero-width fallbacks


def test_docx_embeds_the_chart(bundle, tmp_path):
    cjk_font_or_skip()
    document = docx.Document(export(bundle, None, "docx", tmp_path / "sz.docx"))
    assert len(document.inline_shapes) == 1
    blob = document.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    image = document.part.related_parts[blob].blob
    assert _png_size(image)[0] > 900
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions[0].startswith("表 ") and captions[1].startswith("图 ")
