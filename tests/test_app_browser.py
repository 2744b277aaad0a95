"""The app in a real browser: start ``streamlit run app.py``, move a slider, see the chart change."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    streamlit = shutil.which("streamlit", path=str(Path(sys.executable).parent)) or "streamlit"
    port = _free_port()
    proc = subprocess.Popen(
        [streamlit, "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env=os.environ | {"PYTHONWARNINGS": "ignore"})
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _metric_values(page) -> list[str]:
    return page.locator('[data-testid="stMetricValue"]').all_inner_texts()


def test_slider_move_updates_chart(server, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(server)
        page.wait_for_selector('[data-testid="stMetricValue"]', timeout=90_000)
        page.wait_for_selector("canvas, svg.marks", timeout=60_000)
        before = _metric_values(page)
        sliders = page.locator('[data-testid="stSidebar"] [data-testid="stSlider"]')
        assert sliders.count() >= 9
        tech = sliders.filter(has_text="科技创新投资占比").locator('input[type="range"]')
        tech.scroll_into_view_if_needed()
        start = tech.input_value()
        tech.focus()
        for _ in range(40):
            page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "prev => Array.from(document.querySelectorAll('[data-testid=\"stMetricValue\"]'))"
            ".map(e => e.innerText).join('|') !== prev",
            arg="|".join(before), timeout=30_000)
        page.wait_for_timeout(1500)
        assert float(tech.input_value()) > float(start)
        after = _metric_values(page)
        assert after != before
        shot = tmp_path / "app.png"
        page.screenshot(path=str(shot), full_page=False)
        keep = os.environ.get("SDSIM_SCREENSHOT")
        if keep:
            shutil.copy(shot, keep)
        assert shot.stat().st_size > 10_000
        browser.close()


def _keep(shot: Path, suffix: str) -> None:
    keep = os.environ.get("SDSIM_SCREENSHOT")
    if keep:
        dest = Path(keep)
        shutil.copy(shot, dest.with_name(f"{dest.stem}_{suffix}{dest.suffix}"))


def test_shenzhen_targets_verdicts_and_gap_table(server, tmp_path):
    """Opened by link (?zone=shenzhen): verdicts under the cards, target marks, the gap tab."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(server + "/?zone=shenzhen&lang=cn")
        page.wait_for_selector('[data-testid="stMetricValue"]', timeout=90_000)
        page.wait_for_selector("canvas, svg.marks", timeout=60_000)
        page.wait_for_timeout(1500)
        main = page.locator('[data-testid="stMain"]')
        text = main.inner_text()
        assert "✗ 未达标" in text and "✓ 达标" in text
        assert "红色菱形" in text  # the legend of the target marks
        rd = page.get_by_text("研发投入强度", exact=True).first
        rd.scroll_into_view_if_needed()
        page.wait_for_timeout(800)
        shot = tmp_path / "targets.png"
        page.screenshot(path=str(shot))
        _keep(shot, "targets")
        page.get_by_role("tab", name="目标差距表").click()
        page.wait_for_selector('[data-testid="stDataFrame"]', timeout=30_000)
        page.wait_for_timeout(1500)
        assert "当前设置：" in main.inner_text()
        shot = tmp_path / "gap.png"
        page.screenshot(path=str(shot))
        _keep(shot, "gap")
        assert shot.stat().st_size > 10_000
        # the Excel file is written by sdsim.exports when the button is clicked
        page.get_by_role("tab", name="下载").click()
        button = page.get_by_role("button", name="Excel 工作簿")
        button.wait_for(timeout=30_000)
        with page.expect_download(timeout=60_000) as info:
            button.click()
        saved = tmp_path / "download.xlsx"
        info.value.save_as(saved)
        import openpyxl

        book = openpyxl.load_workbook(saved, read_only=True)
        assert {"baseline", "current", "目标差距 Target gap"} <= set(book.sheetnames)
        browser.close()
