"""The file given to ``ingest_analysis``: an extractor's text of an issue, or the PDF itself.

A PDF is read with pdfminer.six (MIT) and laid out as the extractor's text is: one
paragraph per block, blank lines between, page numbers and running heads dropped. Whatever
cannot be an issue is refused with one line saying why.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

from apps.ingest.errors import BadInput

IMAGE_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF87a": "GIF",
    b"GIF89a": "GIF",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
    b"BM": "BMP",
}
NOTE_LINE = re.compile(r"^\d{1,3}\s+\S")


def read_issue_text(path: Path, progress=None) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file") from None
    except OSError as error:
        raise BadInput(f"{path}: cannot be read ({error.strerror})") from None
    return issue_text(data, path.name, progress)


def issue_text(data: bytes, name: str, progress=None) -> str:
    """The text of a file's bytes (an upload's too), or BadInput saying why there is none."""
    if not data.strip():
        raise BadInput(f"{name} is empty")
    for signature, kind in IMAGE_SIGNATURES.items():
        if data.startswith(signature) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
            kind = "WebP" if data[:4] == b"RIFF" else kind
            raise BadInput(f"{name} is a {kind} image, not an issue's text or PDF")
    if data.lstrip().startswith(b"%PDF"):
        return pdf_text(data, name, progress)
    if b"\x00" in data[:4096]:
        raise BadInput(f"{name} is a binary file, not an issue's text or PDF")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput(f"{name} is not UTF-8 text") from None


def pdf_text(data: bytes, name: str, progress=None) -> str:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer
    from pdfminer.pdfparser import PDFSyntaxError

    if b"%%EOF" not in data[-2048:]:
        raise BadInput(f"{name} is a truncated PDF (it does not end with %%EOF)")
    pages: list[list[str]] = []
    try:
        layout = extract_pages(io.BytesIO(data), laparams=LAParams())
        for page in progress(layout, None) if progress else layout:
            boxes = [
                p for box in page if isinstance(box, LTTextContainer) for p in _paragraphs(box)
            ]
            pages.append([b for b in boxes if b.strip()])
    except PDFSyntaxError as error:
        raise BadInput(f"{name} is a damaged PDF ({error})") from None
    except Exception as error:  # pdfminer raises many kinds on a broken file
        raise BadInput(f"{name} cannot be read as a PDF ({type(error).__name__})") from None
    if not any(pages):
        raise BadInput(f"{name} has no text layer (a scan?): run OCR on it first")
    return layout_pdf_text(pages)


def _paragraphs(box) -> list[str]:
    """A text box's lines as paragraphs: a line that stops well short of the box's right
    edge ends its paragraph (a heading, a byline, the last line of a paragraph or note)."""
    paragraphs, current = [], []
    width = box.x1 - box.x0
    for line in box:
        text = line.get_text().strip()
        if not text:
            continue
        if current and re.search(r"(?:https?://|www\.)\S*$", current[-1]):
            current[-1] += text  # a link wrapped at the line's end loses no character
        else:
            current.append(text)
        if line.x1 < box.x1 - 0.12 * width:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return paragraphs


def layout_pdf_text(pages: list[list[str]]) -> str:
    """Text boxes of each page as the extractor's blocks: running heads (a box repeated on
    several pages) and page numbers dropped, each note of a box of notes its own block."""
    repeated = Counter(box.strip() for page in pages for box in set(page))
    blocks = []
    for page in pages:
        for box in page:
            stripped = box.strip()
            if stripped.isdigit() or (len(pages) > 2 and repeated[stripped] > len(pages) // 2):
                continue
            blocks += _split_notes(box)
    return "\n\n".join(blocks) + "\n"


def _split_notes(box: str) -> list[str]:
    lines = [line.strip() for line in box.splitlines() if line.strip()]
    if not lines or not NOTE_LINE.match(lines[0]):
        return ["\n".join(lines)]
    notes: list[list[str]] = []
    for line in lines:
        if NOTE_LINE.match(line) and (not notes or _next_number(notes, line)):
            notes.append([line])
        else:
            notes[-1].append(line)
    return ["\n".join(note) for note in notes]


def _next_number(notes: list[list[str]], line: str) -> bool:
    previous = int(re.match(r"\d+", notes[-1][0]).group(0))
    return int(re.match(r"\d+", line).group(0)) == previous + 1
