"""Exceptions raised by spacegraph.

Every error a user can cause is a :class:`SpacegraphError` whose message says
what went wrong, where (``file:line:column``, entity or option) and, where it
helps, how to fix it. The CLI prints the message as one ``Error: …`` line and
exits 1, so library code never needs ``assert`` or bare ``ValueError`` for
input checks.
"""

from __future__ import annotations

__all__ = [
    "EvidenceError",
    "InputFileError",
    "OutputError",
    "ParseError",
    "QueryError",
    "SpacegraphError",
    "UnknownNameError",
    "ValidationError",
]


class SpacegraphError(Exception):
    """Base class of every error spacegraph reports to a user."""


class InputFileError(SpacegraphError):
    """A file is missing, unreadable, empty, binary, not UTF-8 or too large."""


class ParseError(SpacegraphError):
    """An RDF file could not be parsed; the message names file, line and column."""


class ValidationError(SpacegraphError):
    """The graph does not conform to the shapes; ``violations`` holds one line each."""

    def __init__(self, message: str, violations: list[str] | None = None) -> None:
        super().__init__(message)
        self.violations = violations or []


class EvidenceError(SpacegraphError):
    """An evidence span does not fit its document, or the document changed."""


class QueryError(SpacegraphError):
    """A SPARQL query is malformed, failed, or timed out."""


class UnknownNameError(SpacegraphError):
    """A name (query, parameter, entity, projection, measure) is not known.

    The message lists the closest known names so that the user can correct
    a typo without looking anything up.
    """


class OutputError(SpacegraphError):
    """An output file or folder cannot be written."""
