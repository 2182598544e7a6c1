"""Import sources from reference managers: CSL-JSON, RIS and BibTeX.

Three steps, each usable on its own (the admin view and ``manage.py import_sources`` are
thin layers over them):

1. ``read_file(data, filename, fmt)`` decodes and parses the bytes into plain ``Entry``
   dicts (JSON-serialisable, so a preview can keep them in the session), or raises
   ``ImportFileError`` with a message a researcher can act on;
2. ``assess(entries)`` marks each entry NEW, DUPLICATE (of a record, or of an earlier entry
   in the file) or INVALID with the reason, and says which existing experts its authors are;
3. ``import_entries(entries, source_name, partial=False)`` assesses again against the
   database as it is now and writes the NEW entries in one transaction: publications,
   ordered authorships (matching experts by hanzi or pinyin, creating the rest), venues and
   tags. An invalid entry stops it before any write (``InvalidEntriesError``) unless
   ``partial``; ``rejections()`` says, one line each, which entries were invalid and why.
"""

from .assessing import Assessment, assess, invalid_summary, problems, rejections
from .entries import (
    DUPLICATE,
    EXTENSIONS,
    FORMATS,
    INVALID,
    MAX_FILE_BYTES,
    NEW,
    Entry,
    ImportFileError,
)
from .reading import decode, detect_format, read_file
from .writing import ImportReport, InvalidEntriesError, import_entries

__all__ = [
    "DUPLICATE",
    "EXTENSIONS",
    "FORMATS",
    "INVALID",
    "MAX_FILE_BYTES",
    "NEW",
    "Assessment",
    "Entry",
    "ImportFileError",
    "ImportReport",
    "InvalidEntriesError",
    "assess",
    "decode",
    "detect_format",
    "import_entries",
    "invalid_summary",
    "problems",
    "read_file",
    "rejections",
]
