"""The command line: run, levers, errors with exit code 2."""

import json
import subprocess
import sys

import pandas as pd
from typer.testing import CliRunner

from sdsim.cli import app

runner = CliRunner()


def test_run_prints_and_writes_csv(tmp_path):
    out = tmp_path / "sz.csv"
    result = runner.invoke(app, ["run", "--zone", "shenzhen", "--scenario", "baseline", "--out", str(out), "--units"])
    assert result.exit_code == 0, result.output
    assert "2030" in result.output and "rd_intensity: %" in result.output
    table = pd.read_csv(out)
    assert table["year"].tolist() == list(range(2020, 2031))
    units = pd.read_csv(tmp_path / "sz.units.csv")
    assert dict(zip(units.column, units.unit, strict=False))["gdp"] == "100m yuan"


def test_levers_json():
    result = runner.invoke(app, ["levers", "--zone", "taiyuan", "--json"])
    rows = json.loads(result.output)
    industry = next(r for r in rows if r["key"] == "share_industry")
    assert industry["default"] == 52.0 and "000_86a9a16adcebabe8.txt:82" in industry["source"]
    assert any(r["kind"] == "assumption" for r in rows)


def test_bad_zone_exit_code_and_message():
    proc = subprocess.run([sys.executable, "-c", "from sdsim.cli import main; main()", "run", "--zone", "shenzen"],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Unknown zone 'shenzen'" in proc.stderr and "shenzhen" in proc.stderr
