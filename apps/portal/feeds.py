"""Atom feeds: newly added sources, and per expert and per theme."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

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
        return f"{item.title_original} — {item.title}" if item.title_original else item.title

    def item_description(self, item):
        authors = ", ".join(str(a.expert) for a in item.authorships.all())
        venue = str(item.venue) if item.venue_id else ""
        return " · ".join(p for p in (authors, venue, item.display_date) if p)

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at


class ExpertFeed(NewSourcesFeed):
    """Sources by one expert, newest additions first."""

    def get_object(self, request, slug):
        return get_object_or_404(Expert, slug=slug)

    def title(self, obj):
        return f"chinadebate: new sources by {obj}"

    def subtitle(self, obj):
        return f"Publications by {obj} added to the chinadebate dataset."

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
        return f"chinadebate: new viewpoints on {obj}"

    def subtitle(self, obj):
        return f"Positions on {obj} added to the chinadebate dataset."

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
        return f"{holders}{stance}: {item.question or item.summary[:80]}"

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at
