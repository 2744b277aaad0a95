"""Error types carrying the file, field and value a user has to fix."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class SdsimError(ValueError):
    """A user-facing error: the message names what is wrong and how to fix it."""


def suggest(name: str, choices: Iterable[str], n: int = 3) -> str:
    """Return a 'did you mean' phrase for ``name`` among ``choices`` (empty if nothing is close)."""
    close = difflib.get_close_matches(str(name), list(choices), n=n, cutoff=0.5)
    return f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
