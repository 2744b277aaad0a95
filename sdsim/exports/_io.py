"""Atomic file writing for exports, with the permissions an ordinary new file would get."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from sdsim.export_basic import atomic_write


def _umask() -> int:
    """The process umask, read without changing it where /proc allows (thread-safe)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # elsewhere: the classic read-and-restore
    os.umask(mask)
    return mask


def _new_file_mode() -> int:
    return 0o666 & ~_umask()


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
