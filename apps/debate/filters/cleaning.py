"""Cleaning raw query parameters: control characters out, long values shortened for
messages, repeated keys and commas both listing several values."""

from __future__ import annotations

import re

SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,120}$")


CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def shorten(value: str, limit: int = 40) -> str:
    value = CONTROL_CHARS.sub("", value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def clean_text(value: str) -> str:
    return CONTROL_CHARS.sub("", value).strip()


def split_values(raw: list[str]) -> list[str]:
    """Repeated keys (?expert=a&expert=b) and commas (?expert=a,b) both list several values."""
    values: list[str] = []
    for item in raw:
        for part in clean_text(item).split(","):
            part = part.strip()
            if part and part not in values:
                values.append(part)
    return values


def parse_int(raw: str, name: str, default: int, messages: list[str]) -> int:
    """A non-negative whole number; absurdly long ones become a very large number to clamp."""
    raw = clean_text(raw)
    if not raw:
        return default
    if not re.fullmatch(r"\d+", raw, flags=re.ASCII):
        messages.append(f"{name.capitalize()} “{shorten(raw)}” is not a number: using {default}.")
        return default
    return int(raw) if len(raw) <= 18 else 10**18
