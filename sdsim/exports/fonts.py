"""Find a CJK font and register it with vl-convert, so Chinese chart labels are real glyphs.

Without a CJK font vl-convert draws Chinese text as nothing or as empty boxes, so charts refuse
to render (:class:`~sdsim.errors.SdsimError` naming the Debian package) rather than silently
produce unreadable labels. Search order: ``$SDSIM_CJK_FONT`` (a font file or a directory), then
well-known font directories by file name, then ``fc-list :lang=zh`` when fontconfig exists.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sdsim.errors import SdsimError

DEBIAN_PACKAGE = "fonts-noto-cjk"
ENV_VAR = "SDSIM_CJK_FONT"

#: File-name prefix (lower case) -> family name, most preferred first.
KNOWN_FONTS = (
    ("notosanscjk", "Noto Sans CJK SC"),
    ("sourcehansans", "Source Han Sans SC"),
    ("notosanssc", "Noto Sans SC"),
    ("notoserifcjk", "Noto Serif CJK SC"),
    ("wqy-zenhei", "WenQuanYi Zen Hei"),
    ("wqy-microhei", "WenQuanYi Micro Hei"),
    ("droidsansfallback", "Droid Sans Fallback"),
    ("pingfang", "PingFang SC"),
    ("msyh", "Microsoft YaHei"),
    ("simhei", "SimHei"),
    ("simsun", "SimSun"),
)
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")

#: Directories searched, the Debian location of fonts-noto-cjk first.
SEARCH_DIRS = (
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/noto-cjk",
    "/usr/share/fonts/google-noto-cjk",
    "/usr/share/fonts/truetype/wqy",
    "/usr/share/fonts/truetype/droid",
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "C:/Windows/Fonts",
)

#: Families offered to SVG viewers after the one used for rendering.
CSS_FALLBACKS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "PingFang SC",
    "Microsoft YaHei",
    "SimHei",
    "sans-serif",
)


@dataclass(frozen=True)
class CjkFont:
    """A CJK font found on this machine: its family name, file and directory."""

    family: str
    path: Path

    @property
    def directory(self) -> Path:
        return self.path.parent

    def css_family(self) -> str:
        """CSS font-family list: this family first, then common CJK families for SVG viewers."""
        names = [self.family] + [f for f in CSS_FALLBACKS if f != self.family]
        return ", ".join(n if n == "sans-serif" else f'"{n}"' for n in names)


def _family_for(path: Path) -> str | None:
    name = path.name.lower()
    if not name.endswith(FONT_SUFFIXES):
        return None
    for prefix, family in KNOWN_FONTS:
        if name.startswith(prefix):
            return family
    return None


def _rank(font: CjkFont) -> int:
    families = [f for _, f in KNOWN_FONTS]
    return families.index(font.family) if font.family in families else len(families)


def _scan(directory: Path, max_depth: int = 3) -> list[CjkFont]:
    found = []
    try:
        entries = sorted(directory.iterdir())
    except OSError:
        return found
    for entry in entries:
        if entry.is_dir() and max_depth > 0:
            found += _scan(entry, max_depth - 1)
        elif entry.is_file() and (family := _family_for(entry)):
            found.append(CjkFont(family, entry))
    return found


def _fontconfig() -> CjkFont | None:
    exe = shutil.which("fc-list")
    if not exe:
        return None
    try:
        out = subprocess.run(
            [exe, ":lang=zh", "family", "file"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    for line in sorted(out.splitlines()):
        file, _, families = line.partition(": ")
        if file and families:
            return CjkFont(families.split(",")[0].strip(), Path(file))
    return None


def find_cjk_font(search_dirs=None, use_fontconfig: bool = True) -> CjkFont | None:
    """Return the preferred CJK font on this machine, or None.

    Parameters
    ----------
    search_dirs : sequence of path-like, optional
        Directories to search instead of :data:`SEARCH_DIRS`.
    use_fontconfig : bool
        Ask ``fc-list :lang=zh`` when no known font file is found.
    """
    override = os.environ.get(ENV_VAR)
    if override:
        target = Path(override).expanduser()
        if target.is_file():
            return CjkFont(_family_for(target) or target.stem, target)
        fonts = _scan(target) if target.is_dir() else []
        if not fonts:
            raise SdsimError(f"{ENV_VAR}={override}: no CJK font file (.ttf/.otf/.ttc) there.")
        return min(fonts, key=_rank)
    for directory in search_dirs if search_dirs is not None else SEARCH_DIRS:
        fonts = _scan(Path(directory).expanduser())
        if fonts:
            return min(fonts, key=_rank)
    return _fontconfig() if use_fontconfig else None


def missing_font_message() -> str:
    """The error text when no CJK font exists: what breaks and how to fix it."""
    return (
        "charts need a CJK font so Chinese labels render as text, not empty boxes, and none was "
        f"found. Install one: `apt-get install -y {DEBIAN_PACKAGE}` (Debian/Ubuntu; "
        "`dnf install google-noto-sans-cjk-fonts` on Fedora), or set "
        f"{ENV_VAR} to a .ttf/.otf/.ttc file or its folder."
    )


@lru_cache(maxsize=8)
def _register(directory: str) -> None:
    import vl_convert

    vl_convert.register_font_directory(directory)


def ensure_cjk_font() -> CjkFont:
    """Find a CJK font, register its directory with vl-convert once, and return it.

    Raises
    ------
    SdsimError
        When no CJK font is installed (the message names the Debian package).
    """
    font = find_cjk_font()
    if font is None:
        raise SdsimError(missing_font_message())
    _register(str(font.directory))
    return font
