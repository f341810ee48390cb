"""Pause Python's cyclic garbage collector while a block builds many long-lived objects.

Ingest (a document's mentions, terms and triples) and the explorer page (its
facts, rows and strings) make hundreds of thousands of objects that all stay
alive until the block's output is written. Each pass of the collector walks
every one of them and frees nothing: the passes took a third of a 1 MB
article's ingest and a tenth of the top-500 page of a million-triple graph.
Neither block makes reference cycles that need collecting before it ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused(*, freeze: bool = False) -> Iterator[None]:
    """Pause the collector for the block (if it was running), then resume it.

    With ``freeze``, the objects alive when the block ends are set aside from
    the collector (:func:`gc.freeze`) rather than walked once more as it
    resumes (0.3 s after a 1 MB article): reference counting frees them when
    the caller lets go of them, and the few that form cycles stay until the
    process ends.
    """
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            if freeze:
                gc.freeze()
            gc.enable()
