"""Source documents as text: safe reading, hashing, and sentences with offsets.

Offsets everywhere in spacegraph are Unicode code points into the document's
text after line endings are normalised to ``\\n`` (CRLF and CR become LF), so a
span means the same thing on every platform and in every copy of a file. The
document hash is the SHA-256 of that normalised text encoded as UTF-8.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InputFileError

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "Document",
    "Sentence",
    "normalise_newlines",
    "read_document",
    "sha256_text",
    "split_sentences",
]

#: Articles larger than this are refused (a news article is a few kB).
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Sentence:
    """One sentence: its code-point span ``[start, end)`` and its text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Document:
    """A source document read from disk, with normalised text and its hash."""

    path: Path
    text: str
    sha256: str

    @property
    def name(self) -> str:
        """The file name, which identifies the document in a corpus folder."""
        return self.path.name

    @property
    def stem(self) -> str:
        """The file name without suffix; used as the document's slug."""
        return self.path.stem


def normalise_newlines(text: str) -> str:
    r"""Turn CRLF and lone CR into LF.

    >>> normalise_newlines("a\r\nb\rc")
    'a\nb\nc'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def sha256_text(text: str) -> str:
    """SHA-256 (hex) of ``text`` encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_document(path: str | Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> Document:
    """Read a UTF-8 plain-text document, refusing what is not one.

    Raises
    ------
    InputFileError
        If the path is missing, a directory, unreadable, empty, larger than
        ``max_bytes``, binary (contains NUL bytes) or not valid UTF-8. The
        message names the file and, for bad bytes, the byte offset.
    """
    p = Path(path)
    if not p.exists():
        raise InputFileError(f"{p}: no such file")
    if p.is_dir():
        raise InputFileError(f"{p}: is a directory, expected a text file")
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise InputFileError(
                f"{p}: file is {size} bytes, larger than the limit of {max_bytes} bytes"
            )
        data = p.read_bytes()
    except PermissionError:
        raise InputFileError(f"{p}: permission denied") from None
    except OSError as exc:
        raise InputFileError(f"{p}: cannot read ({exc.strerror})") from None
    if not data.strip():
        raise InputFileError(f"{p}: file is empty")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputFileError(f"{p}: binary file (NUL byte at offset {nul}), expected UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputFileError(
            f"{p}:{line}: not UTF-8 (invalid byte 0x{data[exc.start]:02x} at offset {exc.start});"
            " convert it with: iconv -t UTF-8"
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    text = normalise_newlines(text)
    return Document(path=p, text=text, sha256=sha256_text(text))


# A sentence ends at . ! or ? (optionally followed by closing quotes or brackets)
# when whitespace and a capital, digit or opening quote follow.
_BOUNDARY = re.compile(r"[.!?][\"'\u2019\u201d)\]]*(?=\s+[\"'\u2018\u201c(\[]?[A-Z0-9])")
# Tokens before a period that do not end a sentence.
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "no", "vs", "etc", "e.g", "i.e"}
    | {"u.s", "u.k", "inc", "ltd", "co", "corp", "gen", "col", "lt", "sen", "rep"}
)


def _is_abbreviation(text: str, dot: int) -> bool:
    """True if the period at ``dot`` closes an abbreviation or an initial."""
    start = dot
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    word = text[start:dot].lower().strip("\"'(\u2018\u201c")
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences with exact code-point offsets.

    Lines are paragraphs (a heading is a sentence of its own); within a line,
    sentences end at terminal punctuation followed by a capital. Leading and
    trailing white space is not part of a sentence, so
    ``text[s.start:s.end] == s.text`` always holds.

    >>> [s.text for s in split_sentences("A cat. The U.S. dog sat!\\nHeading")]
    ['A cat.', 'The U.S. dog sat!', 'Heading']
    >>> split_sentences("Hi there. Bye.")[1]
    Sentence(start=10, end=14, text='Bye.')
    """
    sentences: list[Sentence] = []
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        cut = 0
        for match in _BOUNDARY.finditer(line):
            if line[match.start()] == "." and _is_abbreviation(line, match.start()):
                continue
            _append(sentences, line, line_start, cut, match.end())
            cut = match.end()
        _append(sentences, line, line_start, cut, len(line))
    return sentences


def _append(out: list[Sentence], line: str, offset: int, start: int, end: int) -> None:
    piece = line[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    s = offset + start + lead
    out.append(Sentence(start=s, end=s + len(stripped), text=stripped))
