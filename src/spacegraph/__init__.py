"""spacegraph: a knowledge graph of space-cooperation relationships.

Every stated fact is traceable to the sentence of the document that states
it; see ``README.md`` for the data flow and the command-line interface.
"""

from __future__ import annotations

from .errors import SpacegraphError

__version__ = "0.1.0"

from .api import SpaceGraph, load

__all__ = ["SpaceGraph", "SpacegraphError", "__version__", "load"]
