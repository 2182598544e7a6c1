"""The extraction's markup: note numbers in every form it prints them, LaTeX and HTML
entities, markdown emphasis.

A PDF extractor renders a superscript note number and the quotation mark after it in several
ways: ``^{1 &}quot;``, ``$^{7\\,^{\\}circ}$`` (the quotation mark read as a degree sign),
``$^{12\\ {\\}rm ``National\\ ...''}$`` (the whole note as LaTeX), ``²`` (Unicode superscripts)
or a plain ``8`` at the start of the line. Each is read back to a number and the note's text.
"""

from __future__ import annotations

import re

SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
SUPERSCRIPT_RUN = re.compile(r"^\s*([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})\s*")
CARET_NUMBER = re.compile(r"^\s*\^\{(\d{1,3})\s*(&\}quot;|\})?\s*")
LATEX_NUMBER = re.compile(r"^\s*\$\s*\^\{?(\d{1,3})")
PLAIN_NUMBER = re.compile(r"^\s*(\d{1,3})(?=[\s\"“「\u3400-\u9fff])\s*")
DEGREE = re.compile(r"\^\{?\\?\}?\\?circ\}?")  # ^{\circ}, ^\circ, ^{\}circ}: a misread “
LATEX_GROUP = re.compile(r"\{\\?\}?\\?(?:rm|it|bf|text)\s*")
EMPHASIS = re.compile(r"(?<![\w*])\*{1,2}(?=\S)(.+?)(?<=\S)\*{1,2}(?![\w*])")
ENTITIES = {"&quot;": '"', "&amp;": "&", "&#39;": "'", "&apos;": "'", "&lt;": "<", "&gt;": ">"}


def read_number(block: str, plain_digits: bool = True) -> tuple[int | None, str]:
    """A note's number and its text, if the block starts with a note number.

    ``plain_digits`` also accepts a bare number ("8 Hu Naihong, ..."), which only a
    caller that knows it is among notes should allow.
    """
    if match := CARET_NUMBER.match(block):
        opening = '"' if match.group(2) == "&}quot;" else ""
        return int(match.group(1)), opening + _text(block[match.end() :])
    if match := LATEX_NUMBER.match(block):
        return int(match.group(1)), _latex_note(block[match.end() :])
    if match := SUPERSCRIPT_RUN.match(block):
        return int(match.group(1).translate(SUPERSCRIPTS)), _text(block[match.end() :])
    if plain_digits and (match := PLAIN_NUMBER.match(block)):
        return int(match.group(1)), _text(block[match.end() :])
    return None, block


def _latex_note(rest: str) -> str:
    """The text of a note the extraction set in LaTeX, from just after its number."""
    math, dollar, after = rest.partition("$")
    text = (math + after) if dollar else rest
    text = DEGREE.sub('"', text)
    text = LATEX_GROUP.sub("", text)
    text = text.replace("\\ ''", '"').replace(" ''", '"').replace("``", '"').replace("''", '"')
    text = re.sub(r"\\text\{([^}]*)\}", r"\1", text)
    text = text.replace("\\,", "").replace("\\ ", " ").replace("\\", "")
    text = text.replace("{", "").replace("}", "")
    text = text.strip()
    # A quotation mark that opens the note hugs its first word: "China ..., not " China.
    return _text(re.sub(r'^"\s+', '"', text))


def _text(text: str) -> str:
    return clean_markup(text).strip()


def clean_markup(text: str) -> str:
    """Entities decoded and markdown emphasis dropped: ``*Xinhua*`` -> ``Xinhua``."""
    for entity, char in ENTITIES.items():
        text = text.replace(entity, char)
    text = EMPHASIS.sub(r"\1", text)
    text = re.sub(r"\^\{(\w{1,3})\}", r"\1", text)  # 19^{th}
    return text
