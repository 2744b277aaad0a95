"""Atomic file writing for exports, with the permissions an ordinary new file would get."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from sdsim.export_basic import atomic_write


def _new_file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path, write) -> Path:
    """``atomic_write`` (temporary file, then rename) keeping an existing file's mode.

    ``tempfile.mkstemp`` creates the temporary file private (0600); the export gets the mode of
    the file it replaces, or the umask's default for a new file, as ``open()`` would give it.
    """
    path = Path(path)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = _new_file_mode()

    def write_then_chmod(tmp: str) -> None:
        write(tmp)
        os.chmod(tmp, mode)

    return atomic_write(path, write_then_chmod)
