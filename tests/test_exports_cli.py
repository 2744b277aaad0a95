"""``sdsim export``: formats from --format or the suffix, shipped scenarios, errors with exit 2."""

from __future__ import annotations

import subprocess
import sys

import docx
import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from sdsim.cli import app
from sdsim.errors import SdsimError

runner = CliRunner()


def _main(*args: str) -> subprocess.CompletedProcess:
    code = "from sdsim.cli import main; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)


def test_csv_with_bom(tmp_path):
    out = tmp_path / "sz.csv"
    result = runner.invoke(
        app, ["export", "--zone", "深圳", "baseline", "-f", "csv", "-o", str(out), "--bom"]
    )
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}" in result.output
    assert out.read_bytes()[:3] == b"\xef\xbb\xbf"
    table = pd.read_csv(out, encoding="utf-8-sig")
    assert set(table["scenario"]) == {"baseline"} and len(table) == 28 * 11
    gdp = table[(table.indicator == "gdp") & (table.year == 2020)]["value"].iloc[0]
    assert gdp == pytest.approx(27706, rel=1e-3)


def test_xlsx_and_docx_for_baseline_and_plan(tmp_path):
    pytest.importorskip("sdsim.compare")
    xlsx = tmp_path / "sz.xlsx"
    result = runner.invoke(
        app, ["export", "--zone", "shenzhen", "baseline", "plan", "-o", str(xlsx)]
    )
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == [
        "说明 About",
        "baseline",
        "plan",
        "对比 Comparison",
        "目标差距 Target gap",
        "来源 Provenance",
    ]
    gap = list(book["目标差距 Target gap"].iter_rows(min_row=2, values_only=True))
    assert len(gap) >= 10 and {r[0] for r in gap} == {"baseline", "plan"}
    about = {r[0]: r[1] for r in book["说明 About"].iter_rows(min_row=2, values_only=True)}
    assert (
        about["示范区 Zone"] == "深圳 Shenzhen" and "深圳规划情景" in about["情景 Scenario: plan"]
    )

    out = tmp_path / "sz.docx"
    result = runner.invoke(
        app,
        [
            "export",
            "-z",
            "shenzhen",
            "baseline",
            "plan",
            "--format",
            "docx",
            "--out",
            str(out),
            "--no-charts",
        ],
    )
    assert result.exit_code == 0, result.output
    table = docx.Document(out).tables[0]
    assert len(table.rows) == 1 + 28 * 2
    rd = [
        [c.text for c in r.cells] for r in table.rows if r.cells[0].text.startswith("研发投入强度")
    ]
    assert rd[0][3] == "baseline" and rd[0][7].startswith("2025: 5.50–6.00")


def test_plan_only_brings_the_baseline_along(tmp_path):
    pytest.importorskip("sdsim.compare")
    out = tmp_path / "plan.xlsx"
    result = runner.invoke(app, ["export", "plan", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(out).sheetnames[1:3] == ["baseline", "plan"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["-o", "{tmp}/x.pdf"], "unknown export format 'pdf'"),
        (["-f", "jpeg", "-o", "{tmp}/x.csv"], "unknown export format 'jpeg'"),
        (["-o", "{tmp}/missing/x.csv"], "does not exist"),
        (["baseline", "nope", "-o", "{tmp}/x.csv"], "unknown scenario 'nope'"),
        (["-z", "shenzen", "-o", "{tmp}/x.csv"], "Unknown zone 'shenzen'"),
    ],
)
def test_errors_are_clear_and_leave_the_file(tmp_path, args, message):
    for name in ("x.pdf", "x.csv"):
        (tmp_path / name).write_bytes(b"keep")
    result = runner.invoke(app, ["export", *[a.format(tmp=tmp_path) for a in args]])
    assert isinstance(result.exception, SdsimError) and message in str(result.exception)
    assert (tmp_path / "x.pdf").read_bytes() == b"keep"
    assert (tmp_path / "x.csv").read_bytes() == b"keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.csv", "x.pdf"]


def test_main_exit_code_2(tmp_path):
    proc = _main("export", "-o", str(tmp_path / "x.pdf"))
    assert proc.returncode == 2
    assert proc.stderr.startswith("Error: unknown export format 'pdf'")
