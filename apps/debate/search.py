"""Free-text search of positions (the ``q`` of /viewpoints/)."""

from collections.abc import Sequence

from django.db.models import QuerySet


def search_positions(qs: QuerySet, words: Sequence[str]) -> QuerySet:
    """Every query word must occur in ``search_text``.

    Words come from :func:`apps.core.chinese.normalise`, the folding that built the column
    (case, tones, traditional characters), so 'xinyong', 'Xìnyòng' and '社會信用' find the same
    positions.
    """
    for word in words:
        qs = qs.filter(search_text__contains=word)
    return qs
