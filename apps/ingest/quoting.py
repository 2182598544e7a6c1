"""Quoted titles and bracketed groups in a note.

An extraction prints straight quotation marks, so which mark opens and which closes is read
from what stands on either side: a mark after a space and before a letter opens, a mark
after a letter and before a space or punctuation closes, and a mark with text on both sides
(设立"中国大脑"计划) alternates. Titles nest other quotations ("Guiding Opinions ... Promoting
"Internet Plus""), and printed notes drop marks, so an opening mark left unclosed is read
as far as the title plainly goes.
"""

from __future__ import annotations

import re

HANZI = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
OPEN_BRACKETS = {"(": ")", "[": "]", "（": "）", "【": "】"}


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Top-level quotations as (index of the opening mark, index of the closing mark); a
    closing index of ``len(text)`` means the quotation runs to the end."""
    stack: list[tuple[int, bool]] = []  # (index, opened ambiguously)
    closed: list[tuple[int, int, int]] = []  # (start, end, depth)
    for i, char in enumerate(text):
        if char not in '"“”':
            continue
        role = _role(text, i, stack)
        if role == "open":
            stack.append((i, _ambiguous(text, i)))
        elif stack:
            start, _ = stack.pop()
            closed.append((start, i, len(stack)))
    spans = [(s, e) for s, e, depth in closed if depth == 0]
    for start, _ in stack:  # openers never closed
        inner = [(s, e) for s, e, depth in closed if depth == 1 and s > start]
        later = [s for s, _ in spans if s > start]
        if inner and HANZI.search(text[start : inner[0][0]]):
            spans.append((start, inner[0][0]))  # an original title, then the English one
            spans.extend(inner)
        elif inner and inner[0][0] == start + 1:
            # ""Frost Boy' in China ...": the title opens with a quotation whose closing
            # mark was printed as an apostrophe; its one closing mark ends the title.
            spans.append((start, inner[-1][1]))
        elif inner:
            # "CPC ... Releases the "National ... Guidelines" [: the title's own closing mark
            # was dropped; it ends with the quotation it contains.
            spans.append((start, min(inner[-1][1] + 1, len(text))))
        else:
            spans.append((start, min(later, default=len(text))))
    spans = _outermost(spans)
    return sorted(spans)


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    keep = []
    for s, e in sorted(spans, key=lambda span: (span[0], -span[1])):
        if not any(s > ks and e <= ke for ks, ke in keep):
            keep.append((s, e))
    return keep


def _ambiguous(text: str, i: int) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and not after.isspace() and after not in ",.;:)]" + '"'


def _role(text: str, i: int, stack: list[tuple[int, bool]]) -> str:
    char = text[i]
    if char == "“":
        return "open"
    if char == "”":
        return "close"
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace() or before in "([:“" or (before == '"' and not after.isspace()):
        return "open" if not after.isspace() else "close"
    if after.isspace() or after in ",.;:)]”'" or after == '"':
        return "close"
    if stack and stack[-1][1]:
        return "close"
    return "open"


def stray_closer(text: str) -> int | None:
    """The index of a closing mark that nothing opened ("...a 'China Brain' Plan" [...])."""
    stack: list[tuple[int, bool]] = []
    for i, char in enumerate(text):
        if char not in '"“”':
            continue
        if _role(text, i, stack) == "open":
            stack.append((i, _ambiguous(text, i)))
        elif stack:
            stack.pop()
        else:
            return i
    return None


def group_spans(text: str, skip: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Top-level bracketed groups outside quotations, as (open index, close index). A group
    whose bracket is never closed spans only the hanzi that follow it."""
    groups = []
    i = 0
    while i < len(text):
        if any(s <= i <= e for s, e in skip) or text[i] not in OPEN_BRACKETS:
            i += 1
            continue
        depth, j = 0, i
        while j < len(text):
            if text[j] in OPEN_BRACKETS:
                depth += 1
            elif text[j] in OPEN_BRACKETS.values():
                depth -= 1
                if depth == 0:
                    break
            j += 1
        if j >= len(text):
            run = re.match(
                "[\u3400-\u9fff\uf900-\ufaff、。，,：:；;·《》“”？！\\s\\d]*", text[i + 1 :]
            )
            j = i + 1 + len(run.group(0).rstrip(",， "))
        groups.append((i, j))
        i = j + 1
    return groups


def at_top_level(text: str, index: int, spans: list[tuple[int, int]]) -> bool:
    """Outside every quotation and bracket."""
    if any(s < index < e for s, e in spans):
        return False
    depth = 0
    for char in text[:index]:
        if char in OPEN_BRACKETS:
            depth += 1
        elif char in OPEN_BRACKETS.values():
            depth = max(depth - 1, 0)
    return depth == 0
