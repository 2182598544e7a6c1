"""Links as a PDF extractor prints them, and the repairs that are certain.

The extraction breaks links in a few regular ways, and the curated dataset repairs only
those whose reading is certain, keeping the printed form beside the repair:

- a line break inside a link leaves a space after ``/``, ``-``, ``.`` or inside a query
  string (``.../fortune/2018- 06/04/...``): the space is removed;
- an underscore is printed as a space (``c 137405424.htm``, ``newsDetail forward 2448320``)
  or as ``. `` before digits (``c. 1118898033.htm``): read as ``_``;
- a hyphen left by a line break splits a word (``govern-ment``): removed when the joined
  word is one the issue uses and the second half is not;
- OCR confuses ``c``/``e``, ``1``/``l``/``t``, ``0``/``o``, ``rn``/``m``: a domain is read as
  a neighbouring one the issue prints elsewhere or the cited venue is named after
  (``eaijing.com.cn`` -> ``caijing.com.cn``), and a dated page ``1<date>_`` as ``t<date>_``
  where the same site's other links use that form.

A link that breaks off (``.../2018lh/2018-``) or runs into debris (``... 20035314 thul``,
``120180612, 4362040 shtml``) is withheld: the printed form is kept, the link is not.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

URL_START = re.compile(r"(?:https?://|www\.)[^\s\"“”<>]", re.IGNORECASE)
TRAILING = ".,;:)]\"'”’"
BREAK_CHARS = "/-_.=&?"
URLISH = re.compile(r"^[A-Za-z0-9%_\-./?=&#~+:]+$")
EXTENSION = re.compile(r"\.(s?html?|php|aspx?|jsp|pdf|page|cgi)$", re.IGNORECASE)
DIGITS_EXT = re.compile(r"^\d+(\.[a-z]{2,5})?$", re.IGNORECASE)
DATED_PAGE = re.compile(r"/t(20\d{2})(\d{2})(\d{2})_")
OCR_SWAPS = (("e", "c"), ("c", "e"), ("l", "1"), ("1", "l"), ("o", "0"), ("0", "o"), ("rn", "m"))
SECOND_LEVEL = {"com", "gov", "edu", "org", "net", "ac", "co", "mil"}


@dataclass
class UrlContext:
    """What the rest of the issue tells about its links: the domains it prints, the sites
    whose pages are dated ``t<date>_``, the words it uses and the cited venue's name."""

    domains: Counter = field(default_factory=Counter)
    dated_sites: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)

    @classmethod
    def from_texts(cls, texts, words=()) -> UrlContext:
        """Learn the domains from the links as joined across the extraction's spaces."""
        context = cls(words=set(words))
        bare = cls(words=context.words)
        for text in texts:
            for found in find_urls(text, bare, repair=False):
                site = registered_domain(found.joined)
                context.domains[site] += 1
                if DATED_PAGE.search(found.joined):
                    context.dated_sites.add(site)
        return context

    def with_names(self, names) -> UrlContext:
        return UrlContext(self.domains, self.dated_sites, self.words, set(names))


@dataclass
class FoundUrl:
    start: int
    end: int
    printed: str
    url: str | None
    repairs: list[str]
    withheld: str | None
    joined: str  # the printed link with the extraction's spaces read, before other repairs


def registered_domain(url: str) -> str:
    host = _host(url)
    labels = host.split(".")
    if len(labels) >= 3 and labels[-2] in SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _host(url: str) -> str:
    url = url if "://" in url else f"http://{url}"
    return urlsplit(url.strip(TRAILING)).netloc.lower()


def find_urls(text: str, context: UrlContext, repair: bool = True) -> list[FoundUrl]:
    found = []
    position = 0
    while match := URL_START.search(text, position):
        url = _read_url(text, match.start(), context, repair)
        found.append(url)
        position = url.end
    return found


def _read_url(text: str, start: int, context: UrlContext, repair: bool) -> FoundUrl:
    """Follow a link across the spaces the extraction put into it."""
    pieces: list[str] = []
    joins: list[str] = []
    cursor = start
    token = re.match(r"\S+", text[cursor:]).group(0)
    while True:
        pieces.append(token)
        cursor += len(token)
        following = re.match(r"(\s+)(\S+)(?:\s+(\S+))?", text[cursor:])
        join = _join_kind(token, following.group(2), following.group(3)) if following else None
        if join is None:
            break
        joins.append(join)
        cursor += len(following.group(1))
        token = following.group(2)
    last = pieces[-1]
    pieces[-1] = last.rstrip(TRAILING) if not last.endswith("/") else last
    end = cursor - (len(last) - len(pieces[-1]))
    printed = text[start:end]
    url, repairs = _assemble(pieces, joins)
    joined = url
    withheld = None
    debris = _debris_after(text[end:], context)
    if debris:
        printed = (printed + text[end:][: debris.end()]).rstrip(TRAILING)
        end += debris.end()
        withheld = f"the link runs into debris ({debris.group(0).strip()})"
    elif re.search(r"[-=&?]$", url) or re.search(r"://[^/]*\.$", url):
        withheld = "the link breaks off"
    if repair and not withheld:
        url, more = _repair(url, context)
        repairs += more
    return FoundUrl(start, end, printed, None if withheld else url, repairs, withheld, joined)


def _join_kind(token: str, following: str, after: str | None) -> str | None:
    """How a link continues into the next token: ``break`` (a line break: no character
    lost), ``underscore`` (an underscore printed as a space or as ". "), or not at all."""
    core = token.rstrip(TRAILING)
    trail = token[len(core) :]
    nxt = following.rstrip(TRAILING)
    if not nxt or not URLISH.match(nxt) or any(c in trail for c in ",;)]\"'”’"):
        return None
    looks_like_path = "/" in nxt or DIGITS_EXT.match(nxt) or EXTENSION.search(nxt)
    continues_path = bool(after) and bool(DIGITS_EXT.match(after.rstrip(TRAILING)))
    if not trail and core and core[-1] in BREAK_CHARS:
        slug_goes_on = core[-1] == "-" and re.fullmatch(r"[a-z0-9][a-z0-9-]*", nxt)
        if looks_like_path or re.search(r"[\d_=&]", nxt) or slug_goes_on:
            return "break"
        return None
    if trail == "." and nxt[0].isalpha() and "/" in nxt:
        return "break"  # a domain wrapped after its dot: "creditchina.gov. cn/..."
    if "?" in core and not trail and re.search(r"\d", nxt):
        return "break"  # a long query string wrapped at the line's end
    word_then_path = nxt.isalpha() and nxt.islower() and continues_path
    alnum_end = re.search(r"[a-z0-9]$", core, re.IGNORECASE)
    if trail == "." and alnum_end and nxt[0].isdigit() and looks_like_path:
        return "dot-underscore"
    if not trail and alnum_end and (looks_like_path or word_then_path):
        return "underscore"
    return None


def _assemble(pieces: list[str], joins: list[str]) -> tuple[str, list[str]]:
    url, repairs = pieces[0], []
    for piece, join in zip(pieces[1:], joins, strict=True):
        if join == "break":
            url += piece
        elif join == "dot-underscore":
            url = url.rstrip(".") + "_" + piece
            repairs.append('". " read as "_"')
        else:
            url += "_" + piece
            repairs.append('a space read as "_"')
    if any(join == "break" for join in joins):
        repairs.append("line break removed")
    return url, list(dict.fromkeys(repairs))


def _debris_after(rest: str, context: UrlContext):
    """Stray pieces of a garbled link after it: digits, an extension, an unknown short word,
    up to the end of the citation."""
    match = re.match(r"(?:[,.]?\s+[\w,.]+){1,3}[,.]?\s*$", rest)
    if not match:
        return None
    tokens = re.findall(r"[\w.]+", match.group(0))
    for token in tokens:
        word = token.strip(".").lower()
        if re.fullmatch(r"(1[89]|20)\d{2}", word):
            return None  # "..., 2018.": a date after the link, not debris
        if not (word.isdigit() or EXTENSION.search("." + word) or _unknown_word(word, context)):
            return None
    return match


def _unknown_word(word: str, context: UrlContext) -> bool:
    return word.isalpha() and len(word) <= 6 and word not in context.words


def _repair(url: str, context: UrlContext) -> tuple[str, list[str]]:
    url, repairs = _join_hyphenated_words(url, context.words)
    site = registered_domain(url)
    for variant in _ocr_variants(site):
        printed_more = context.domains[variant] > max(context.domains[site], 1)
        if printed_more or variant.split(".")[0] in context.names:
            url = url.replace(site, variant, 1)
            repairs.append(f"OCR slip in the domain ({site} -> {variant})")
            site = variant
            break
    if site in context.dated_sites:
        fixed = re.sub(r"/1(20\d{2}(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01]))(?=_)", r"/t\1", url)
        if fixed != url:
            url = fixed
            repairs.append('"1" read as "t" in a dated page')
    return url, repairs


def _join_hyphenated_words(url: str, words: set[str]) -> tuple[str, list[str]]:
    """``chinese-govern-ment-social`` -> ``chinese-government-social``."""
    scheme, _, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    repairs, segments = [], []
    for segment in path.split("/"):
        parts = segment.split("-")
        i = 0
        while i < len(parts) - 1:
            left, right = parts[i], parts[i + 1]
            joined_is_word = (left + right).lower() in words and right.lower() not in words
            if left.isalpha() and right.isalpha() and joined_is_word:
                parts[i : i + 2] = [left + right]
                repairs.append(f"hyphen of a line break removed ({left}-{right})")
                continue
            i += 1
        segments.append("-".join(parts))
    return f"{scheme}://{host}{slash}{'/'.join(segments)}", repairs


def _ocr_variants(site: str) -> list[str]:
    label, _, rest = site.partition(".")
    variants = []
    for wrong, right in OCR_SWAPS:
        for position in [m.start() for m in re.finditer(re.escape(wrong), label)]:
            variant = label[:position] + right + label[position + len(wrong) :]
            variants.append(f"{variant}.{rest}")
    return variants


def normalise_url(url: str | None) -> str:
    """A link without scheme, ``www.``, fragment or trailing slash, to compare links."""
    url = (url or "").strip()
    if not url:
        return ""
    parts = urlsplit(url if "://" in url else f"http://{url}")
    host = parts.netloc.lower().removeprefix("www.")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{parts.path.rstrip('/')}{query}"
