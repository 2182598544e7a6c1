"""The period of /viewpoints/: ``?from=YYYY[-MM]&to=YYYY[-MM]``, both inclusive, on a position's
source date, as precisely as the source gives it: a position is in the period when all the
days its date may stand for are (a source of "2017" is in 2017, 2016–2018 and 2017-01 to
2017-12, not in March 2017 nor in 2017-03 to 2018; one of "March 2017" is in each). A position without a
date is outside every period."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

import numpy as np
from django.db.models import Q, QuerySet

from apps.core.models import DatePrecision

from ..facetindex import NO_DATE, YEAR_ONLY
from .cleaning import clean_text, shorten

PERIOD_PARAMS = ("from", "to")
_BOUND = re.compile(r"(\d{4})(?:-(\d{2}))?", flags=re.ASCII)
_EPOCH = datetime.date(1970, 1, 1)


@dataclass(frozen=True)
class Bound:
    """One end of a period as written in the URL (``2017`` or ``2017-03``), and the first and
    last day it covers."""

    value: str
    first: datetime.date
    last: datetime.date

    @property
    def label(self) -> str:
        return self.value if len(self.value) == 4 else self.first.strftime("%B %Y")


@dataclass(frozen=True)
class Period:
    start: Bound | None = None
    end: Bound | None = None

    def __bool__(self) -> bool:
        return bool(self.start or self.end)

    def bounds(self) -> list[tuple[str, Bound]]:
        """The bounds given, as (parameter, bound)."""
        return [
            (name, b) for name, b in zip(PERIOD_PARAMS, (self.start, self.end), strict=True) if b
        ]

    def _edges(self) -> tuple[datetime.date | None, ...]:
        """The first and last day of the period (None: open), and the last day a source dated
        to its year only must come after and the first it must come before: a bound within a
        year (from March, to November) leaves out the sources of that year only."""
        first = last = after = before = None
        if self.start:
            first = self.start.first
            if first.month != 1:
                after = first.replace(month=12, day=31)
        if self.end:
            last = self.end.last
            if last.month != 12:
                before = last.replace(month=1, day=1)
        return first, last, after, before

    def apply(self, qs: QuerySet) -> QuerySet:
        """The positions of ``qs`` dated within the period (SQL: the reference)."""
        first, last, after, before = self._edges()
        year_only = Q(source_date_precision=DatePrecision.YEAR)
        if first:
            qs = qs.filter(source_date__gte=first)
        if last:
            qs = qs.filter(source_date__lte=last)
        if after:
            qs = qs.exclude(year_only & Q(source_date__lte=after))
        if before:
            qs = qs.exclude(year_only & Q(source_date__gte=before))
        return qs

    def mask(self, days: np.ndarray, precision: np.ndarray) -> np.ndarray:
        """The rows of the facet index (``days`` since 1970, each date's ``precision``) dated
        within the period, as :meth:`apply` selects them."""
        first, last, after, before = self._edges()
        mask = days != NO_DATE
        year_only = precision == YEAR_ONLY
        if first:
            mask &= days >= _days(first)
        if last:
            mask &= days <= _days(last)
        if after:
            mask &= ~(year_only & (days <= _days(after)))
        if before:
            mask &= ~(year_only & (days >= _days(before)))
        return mask


def _days(day: datetime.date) -> int:
    return (day - _EPOCH).days


def parse_bound(raw: str) -> Bound | None:
    """``2017`` or ``2017-03`` as a :class:`Bound`; None if it is neither."""
    match = _BOUND.fullmatch(raw)
    if not match:
        return None
    year, month = int(match[1]), int(match[2]) if match[2] else None
    if year < 1 or (month is not None and not 1 <= month <= 12):
        return None
    first = datetime.date(year, month or 1, 1)
    last_month = month or 12
    last = datetime.date(year, last_month, calendar.monthrange(year, last_month)[1])
    return Bound(raw, first, last)


def parse_period(start: str, end: str, messages: list[str]) -> Period:
    """The period from the raw ``from`` and ``to`` values; bad ones dropped with a message."""
    bounds = []
    for name, raw in zip(PERIOD_PARAMS, (start, end), strict=True):
        raw = clean_text(raw)
        bound = parse_bound(raw) if raw else None
        if raw and bound is None:
            messages.append(
                f"“{shorten(raw)}” is not a year or a month (write 2017 or 2017-03): "
                f"“{name}” ignored."
            )
        bounds.append(bound)
    period = Period(*bounds)
    if period.start and period.end and period.start.first > period.end.last:
        messages.append(
            f"The period from {period.start.value} to {period.end.value} ends before it starts: "
            "ignored."
        )
        return Period()
    return period
