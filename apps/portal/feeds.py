"""Atom feeds: newly added sources, and per expert and per theme.

Django's feed generator escapes the text it writes; what it cannot write is a control
character (XML 1.0 has none), so every text goes through ``strip_invisible`` first: a record
loaded raw with one gives a feed without it, not a server error. The feeds answer GET and
HEAD only (apps/portal/urls/feeds.py).
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from apps.analysis.models import Analysis
from apps.core.inert import strip_invisible
from apps.debate.models import Position, Theme
from apps.people.models import Expert
from apps.sources.models import Publication

FEED_SIZE = 30


def newest(publications):
    return publications.with_listing_relations().order_by("-created_at", "-pk")[:FEED_SIZE]


class NewSourcesFeed(Feed):
    feed_type = Atom1Feed
    title = "chinadebate: newly added sources"
    subtitle = "Chinese publications recently added to the chinadebate dataset."

    def link(self):
        return reverse("portal:home")

    def items(self):
        return newest(Publication.objects.all())

    def item_title(self, item):
        title = f"{item.title_original} — {item.title}" if item.title_original else item.title
        return strip_invisible(title)

    def item_description(self, item):
        authors = ", ".join(str(a.expert) for a in item.authorships.all())
        venue = str(item.venue) if item.venue_id else ""
        return strip_invisible(" · ".join(p for p in (authors, venue, item.display_date) if p))

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at


class AnalysesFeed(Feed):
    """The issues of China Analysis, the newest added first."""

    feed_type = Atom1Feed
    title = "chinadebate: new issues of China Analysis"
    subtitle = "Issues of China Analysis added to the chinadebate dataset, with their chapters."

    def link(self):
        return reverse("analysis:index")

    def items(self):
        issues = Analysis.objects.prefetch_related("chapters")
        return issues.order_by("-created_at", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        return strip_invisible(f"{item.series}: {item.title}")

    def item_description(self, item):
        chapters = "; ".join(c.title for c in item.chapters.all())
        return strip_invisible(" · ".join(p for p in (item.date.strftime("%B %Y"), chapters) if p))

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at


class ExpertFeed(NewSourcesFeed):
    """Sources by one expert, newest additions first."""

    def get_object(self, request, slug):
        return get_object_or_404(Expert, slug=slug)

    def title(self, obj):
        return strip_invisible(f"chinadebate: new sources by {obj}")

    def subtitle(self, obj):
        return strip_invisible(f"Publications by {obj} added to the chinadebate dataset.")

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return newest(Publication.objects.filter(authorships__expert=obj))


class ThemeFeed(Feed):
    """Positions on one theme, newest additions first."""

    feed_type = Atom1Feed

    def get_object(self, request, slug):
        return get_object_or_404(Theme, slug=slug)

    def title(self, obj):
        return strip_invisible(f"chinadebate: new viewpoints on {obj}")

    def subtitle(self, obj):
        return strip_invisible(f"Positions on {obj} added to the chinadebate dataset.")

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return (
            Position.objects.filter(themes=obj)
            .with_listing_relations()
            .order_by("-created_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        holders = ", ".join(
            h.expert.name if h.expert_id else (h.group_label or h.institution.name)
            for h in item.holders.all()
        )
        stance = f" ({item.stance})" if item.stance else ""
        return strip_invisible(f"{holders}{stance}: {item.question or item.summary[:80]}")

    def item_description(self, item):
        return strip_invisible(item.summary)

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at
