"""Nothing lost: bad input gives a clear SdsimError and an existing file keeps its bytes."""

from __future__ import annotations

import os
import stat

import pandas as pd
import pytest
from test_exports_helpers import shared_bundle

from sdsim.errors import SdsimError
from sdsim.exports import ExportBundle, build_bundle, export

OLD = b"an earlier export, which must survive\n"


@pytest.fixture(scope="module")
def bundle() -> ExportBundle:
    return shared_bundle()


@pytest.fixture
def existing(tmp_path):
    """A file already at the destination, for each format."""

    def make(fmt: str):
        path = tmp_path / f"out.{fmt}"
        path.write_bytes(OLD)
        return path

    return make


def _only(path):
    """The directory holds nothing but ``path`` (no temporary file left behind)."""
    return sorted(p.name for p in path.parent.iterdir()) == [path.name]


# --------------------------------------------------------------------------- bad input


def test_unknown_format_names_the_choices(bundle, existing):
    path = existing("pdf")
    with pytest.raises(
        SdsimError, match=r"unknown export format.*'pdf'.*xlsx, docx, csv, png, svg"
    ):
        export(bundle, None, None, path)
    with pytest.raises(SdsimError, match="Did you mean 'xlsx'"):
        export(bundle, None, "xslx", path)
    assert path.read_bytes() == OLD and _only(path)


def test_missing_directory(bundle, tmp_path):
    with pytest.raises(SdsimError, match="directory .*nowhere does not exist"):
        export(bundle, None, "csv", tmp_path / "nowhere" / "x.csv")
    assert list(tmp_path.iterdir()) == []


def test_unwritable_directory(bundle, tmp_path, existing, monkeypatch):
    path = existing("xlsx")
    if os.geteuid() == 0:  # root writes anywhere: simulate the permission check failing
        monkeypatch.setattr("sdsim.exports.os.access", lambda p, mode: False)
    else:
        tmp_path.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(SdsimError, match="is not writable"):
            export(bundle, None, "xlsx", path)
    finally:
        tmp_path.chmod(0o755)
    assert path.read_bytes() == OLD and _only(path)


def test_directory_as_path_and_no_path(bundle, tmp_path):
    with pytest.raises(SdsimError, match="is a directory"):
        export(bundle, None, "csv", tmp_path)
    with pytest.raises(SdsimError, match="output path"):
        export(bundle, None, "csv", None)


def test_invalid_lever_scenario_runs_nothing_and_keeps_file(existing):
    path = existing("xlsx")
    with pytest.raises(SdsimError, match="share_ecology"):
        export("shenzhen", {"baseline": None, "bad": {"share_ecology": 150}}, "xlsx", path)
    assert path.read_bytes() == OLD and _only(path)


def test_unknown_and_invalid_named_scenarios(existing, tmp_path):
    pytest.importorskip("sdsim.scenarios")
    path = existing("docx")
    with pytest.raises(SdsimError, match="unknown scenario 'nope'"):
        export("shenzhen", ["baseline", "nope"], "docx", path)
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "zone: shenzhen\nname: bad\ndescription: {zh: 坏情景, en: bad scenario}\n"
        "levers:\n  share_ecology: 150\n",
        encoding="utf-8",
    )
    with pytest.raises(SdsimError, match=r"bad\.yaml, line 5.*outside the range"):
        export("shenzhen", ["baseline", str(bad)], "docx", path)
    with pytest.raises(SdsimError, match="given twice"):
        build_bundle("shenzhen", ["plan", "plan"])
    assert path.read_bytes() == OLD


def test_bad_zone_years_and_bundle_subset(bundle, tmp_path):
    with pytest.raises(SdsimError, match="Unknown zone 'shenzen'"):
        export("shenzen", None, "csv", tmp_path / "x.csv")
    with pytest.raises(SdsimError, match="not after 2028"):
        build_bundle("shenzhen", {"baseline": None}, final_year=2028, years=(2025, 2030))
    with pytest.raises(SdsimError, match="not in the bundle"):
        export(bundle, ["plan"], "csv", tmp_path / "x.csv")
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- failure midway


def _fail_after(cls, method):
    """Patch ``cls.method`` to do its work (the temporary file is fully written), then raise."""
    original = getattr(cls, method)

    def broken(self, *args, **kwargs):
        original(self, *args, **kwargs)
        raise OSError("disk full")

    return broken


@pytest.mark.parametrize(
    "fmt, target",
    [
        ("xlsx", ("xlsxwriter.workbook", "Workbook", "close")),
        ("docx", ("docx.document", "Document", "save")),
        ("csv", ("pandas", "DataFrame", "to_csv")),
    ],
)
def test_failure_midway_leaves_the_old_file(bundle, existing, monkeypatch, fmt, target):
    import importlib

    module, cls_name, method = target
    cls = getattr(importlib.import_module(module), cls_name)
    monkeypatch.setattr(cls, method, _fail_after(cls, method))
    path = existing(fmt)
    with pytest.raises(OSError, match="disk full"):
        export(bundle, None, fmt, path, charts=False)
    assert path.read_bytes() == OLD and _only(path)


def test_partial_write_then_interrupt_leaves_the_old_file(bundle, existing, monkeypatch):
    def half_then_interrupt(self, path, *args, **kwargs):
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("scenario,indicator,na")
        raise KeyboardInterrupt

    monkeypatch.setattr(pd.DataFrame, "to_csv", half_then_interrupt)
    path = existing("csv")
    with pytest.raises(KeyboardInterrupt):
        export(bundle, None, "csv", path)
    assert path.read_bytes() == OLD and _only(path)


def test_xlsx_sheet_error_midway_leaves_the_old_file(bundle, existing, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("comparison sheet failed")

    monkeypatch.setattr("sdsim.exports.xlsx._comparison", boom)
    path = existing("xlsx")
    with pytest.raises(RuntimeError, match="comparison sheet failed"):
        export(bundle, None, "xlsx", path)
    assert path.read_bytes() == OLD and _only(path)


def test_replacing_keeps_mode_and_new_files_get_umask_mode(bundle, existing, tmp_path):
    path = existing("csv")
    path.chmod(0o640)
    export(bundle, None, "csv", path)
    assert path.read_bytes() != OLD and stat.S_IMODE(path.stat().st_mode) == 0o640
    old_mask = os.umask(0o022)
    try:
        fresh = export(bundle, None, "csv", tmp_path / "fresh.csv")
    finally:
        os.umask(old_mask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
