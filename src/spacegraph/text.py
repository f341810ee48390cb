"""Source documents as text: safe reading, hashing, and sentences with offsets.

Offsets everywhere in spacegraph are Unicode code points into the document's
text after line endings are normalised to ``\\n`` (CRLF and CR become LF), so a
span means the same thing on every platform and in every copy of a file. The
document hash is the SHA-256 of that normalised text encoded as UTF-8.
"""

from __future__ import annotations

import hashlib
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .errors import InputFileError

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "Document",
    "Sentence",
    "decode_utf8",
    "normalise_newlines",
    "read_checked_bytes",
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


def read_checked_bytes(path: str | Path, max_bytes: int, what: str = "file") -> bytes:
    """The bytes of a regular, non-empty file no larger than ``max_bytes``.

    Shared by every reader of user files (documents, graph files), so each
    refuses the same mistakes with the same words. A FIFO or device is refused
    before it is opened (reading one could block forever).

    Raises
    ------
    InputFileError
        If the path is missing, a directory, not a regular file, unreadable,
        larger than ``max_bytes`` or empty. ``what`` names the expected kind of
        file in the message ("text file", "RDF file").
    """
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputFileError(f"{p}: no such file") from None
    except NotADirectoryError:
        raise InputFileError(f"{p}: no such file (a parent is not a folder)") from None
    except PermissionError:
        raise InputFileError(f"{p}: permission denied") from None
    except OSError as exc:
        raise InputFileError(f"{p}: cannot read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputFileError(f"{p}: is a directory, expected a {what}")
    if not stat.S_ISREG(st.st_mode):
        raise InputFileError(
            f"{p}: not a regular file (a pipe, socket or device), expected a {what}"
        )
    if st.st_size > max_bytes:
        raise InputFileError(
            f"{p}: file is {st.st_size} bytes, larger than the limit of {max_bytes} bytes"
        )
    try:
        data = p.read_bytes()
    except PermissionError:
        raise InputFileError(f"{p}: permission denied") from None
    except OSError as exc:
        raise InputFileError(f"{p}: cannot read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:  # grew while we looked
        raise InputFileError(f"{p}: file is larger than the limit of {max_bytes} bytes")
    if not data.strip():
        raise InputFileError(f"{p}: file is empty")
    return data


def decode_utf8(data: bytes, path: str | Path) -> str:
    """``data`` as text, refusing NUL bytes (binary files) and bytes that are not UTF-8.

    A leading byte-order mark is dropped.
    """
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputFileError(f"{path}: binary file (NUL byte at offset {nul}), expected UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputFileError(
            f"{path}:{line}: not UTF-8 (invalid byte 0x{data[exc.start]:02x} at offset"
            f" {exc.start}); convert it with: iconv -t UTF-8"
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def read_document(path: str | Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> Document:
    """Read a UTF-8 plain-text document, refusing what is not one.

    Raises
    ------
    InputFileError
        If the path is missing, a directory, not a regular file (a FIFO would
        block), unreadable, empty, larger than ``max_bytes``, binary (contains
        NUL bytes) or not valid UTF-8. The message names the file and, for bad
        bytes, the line and byte offset.
    """
    p = Path(path)
    data = read_checked_bytes(p, max_bytes, "text file")
    text = normalise_newlines(decode_utf8(data, p))
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
