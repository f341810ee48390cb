"""spacegraph: a knowledge graph of space-cooperation relationships.

Every stated fact is traceable to the sentence of the document that states
it; see ``README.md`` for the data flow and the command-line interface.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import SpacegraphError

__version__ = "0.1.0"

__all__ = ["SpaceGraph", "SpacegraphError", "__version__", "load"]

if TYPE_CHECKING:
    from .api import SpaceGraph, load


def __getattr__(name: str) -> Any:
    """``SpaceGraph`` and ``load``, imported on first use.

    Commands that never query (``spacegraph ingest``) so skip importing the
    query API's engines and result tables, a twentieth of a second.
    """
    if name in ("SpaceGraph", "load"):
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'spacegraph' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
