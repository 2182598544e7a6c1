"""What keeps text from researchers, imports and visitors inert wherever it goes out.

- Links to sources are web addresses only: :class:`WebURLField` (model and admin form) and the
  importers refuse any scheme but http and https with a message naming it, and templates
  pass stored links through the ``web_url`` filter (apps/core/templatetags/inert.py), so a
  ``javascript:`` or ``data:`` link recorded before (or loaded raw) is never an ``href``.
- Records researchers edit lose invisible control and formatting characters when saved
  (:func:`strip_invisible`, from ``Versioned.save``): admin, imports and ingest alike.
- JSON handed out as a file escapes ``<``, ``>`` and ``&`` (:func:`inert_json`): the same data,
  but no markup a browser sniffing the file could run.
- CSV cells that a spreadsheet would read as a formula (``=``, ``+``, ``-``, ``@``…) are
  prefixed with ``'`` by defusedcsv, which the CSV exports write with.

HTML itself is escaped by Django's templates (autoescape, never turned off for data); the
tests in tests/security/ check every page, feed, export and the admin.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models

WEB_SCHEMES = ("http", "https")

# Characters with no place in a name, title or note that can disguise one: C0 controls but tab
# and newlines (which also make an Atom feed ill-formed XML), DEL, bidirectional overrides,
# embeddings, isolates and marks (U+202E shows the text after it reversed), and zero-width
# spaces, joiners and the byte-order mark.
INVISIBLE = dict.fromkeys(
    [
        *range(0x00, 0x09),
        0x0B,
        0x0C,
        *range(0x0E, 0x20),
        0x7F,
        0x061C,
        *range(0x200B, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2060, 0x2065),
        *range(0x2066, 0x206A),
        0xFEFF,
    ]
)


def strip_invisible(text: str) -> str:
    return text.translate(INVISIBLE)


def url_scheme(value: str) -> str:
    """The scheme a browser would read (it drops surrounding blanks, tabs and newlines)."""
    try:
        return urlsplit(value.strip()).scheme.lower()
    except ValueError:  # an unbalanced [ in the host
        return ""


def is_web_url(value: str | None) -> bool:
    if not value:
        return False
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)


class WebURLValidator(URLValidator):
    """A URL with http:// or https://, saying which scheme was refused otherwise."""

    def __init__(self, **kwargs):
        super().__init__(schemes=list(WEB_SCHEMES), **kwargs)

    def __call__(self, value):
        scheme = url_scheme(str(value))
        if scheme not in WEB_SCHEMES:
            refused = f"a “{scheme}:” link is refused" if scheme else "this one has no scheme"
            raise ValidationError(
                f"Only web links (http:// or https://) can be recorded; {refused}.",
                code="scheme",
                params={"value": value},
            )
        super().__call__(value)


validate_web_url = WebURLValidator()


class WebURLFormField(forms.URLField):
    default_validators = [validate_web_url]


class WebURLField(models.URLField):
    """A link out to a source or an institution's site: http or https only."""

    default_validators = [validate_web_url]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": WebURLFormField, **kwargs})


_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def inert_json(data: Any, **kwargs) -> str:
    """``json.dumps`` with ``<``, ``>`` and ``&`` escaped: the same JSON when parsed."""
    return json.dumps(data, **kwargs).translate(_JSON_ESCAPES)
