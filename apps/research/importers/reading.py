"""Step 1: decode and parse an export into entries, or say why the file cannot be read."""

from __future__ import annotations

import re
from pathlib import PurePath

from .bibtex import parse_bibtex
from .csl import parse_csl_json
from .entries import EXTENSIONS, FORMATS, MAX_FILE_BYTES, Entry, ImportFileError
from .ris import parse_ris


def read_file(data: bytes, filename: str = "", fmt: str | None = None) -> tuple[str, list[Entry]]:
    """Decode and parse an export; returns the format key and the entries."""
    if not data or not data.strip():
        raise ImportFileError("The file is empty.")
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(f"The file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB.")
    text = decode(data)
    fmt = fmt or detect_format(text, filename)
    if fmt not in FORMATS:
        raise ImportFileError(f"Unknown format {fmt!r}: use one of {', '.join(FORMATS)}.")
    entries = {"csl": parse_csl_json, "ris": parse_ris, "bibtex": parse_bibtex}[fmt](text)
    if not entries:
        raise ImportFileError(f"No {FORMATS[fmt]} entries were found in the file.")
    for number, entry in enumerate(entries, start=1):
        entry["number"] = number
    return fmt, entries


def decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:200]:
        raise ImportFileError(
            "The file is in UTF-16. Export it again as UTF-8 (in Zotero: Unicode (UTF-8))."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"The file is not UTF-8 text (byte {error.start} cannot be read). It may be in a "
            "Chinese legacy encoding such as GBK or GB18030: export it again as UTF-8."
        ) from None


def detect_format(text: str, filename: str = "") -> str:
    extension = PurePath(filename).suffix.lower()
    if extension in EXTENSIONS:
        return EXTENSIONS[extension]
    start = text.lstrip()
    if start[:1] in "[{":
        return "csl"
    if re.match(r"TY  - ", start):
        return "ris"
    if start.startswith("@") or re.search(r"^\s*@\w+\s*\{", text, re.MULTILINE):
        return "bibtex"
    raise ImportFileError(
        "Cannot tell the format: name the file .json (CSL-JSON), .ris or .bib, or choose it."
    )
