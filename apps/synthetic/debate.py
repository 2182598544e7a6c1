"""Synthetic positions (holders, themes, a question and stance, tags, footnotes), on the shipped themes and synthetic questions."""

from __future__ import annotations

import random

from django.contrib.contenttypes.models import ContentType
from taggit.models import Tag, TaggedItem

from apps.core.models import DatePrecision
from apps.debate.models import Position, PositionHolder, Question, Theme

from .plan import QUESTIONS_PER_THEME, SYNTHETIC
from .pools import (
    bulk,
    cap,
    chunks,
    created_at,
    derive_search_text,
    short_name,
    synthetic_slug,
    tag_rows,
    weighted,
)
from .vocabulary import (
    ANALYST_NAMES,
    CLAIMS,
    ISSUING_KINDS,
    QUESTION_TEMPLATES,
    QUOTES,
    REMEDIES,
    STANCE_WEIGHTS,
    SUMMARIES,
    TAG_NAMES,
    THEMES,
    TOPICS,
    VERBS,
)


class DebateGenerator:
    """The debate part of :class:`~.generation.Generator`."""

    def ensure_themes(self) -> None:
        themes = list(Theme.objects.order_by("order", "pk"))
        if not themes:
            themes = [
                Theme(
                    slug=synthetic_slug(name), name=name, name_zh=name_zh, description=text, order=n
                )
                for n, (name, name_zh, text) in enumerate(THEMES, start=1)
            ]
            themes = bulk(Theme, themes, self.batch_size, self.report)
        existing = set(
            Question.objects.filter(SYNTHETIC).values_list("theme_id", "slug").order_by()
        )
        new = []
        for t, theme in enumerate(themes):
            for k in range(QUESTIONS_PER_THEME):
                key, text = QUESTION_TEMPLATES[(t + k) % len(QUESTION_TEMPLATES)]
                if (theme.pk, synthetic_slug(key)) not in existing:
                    topic = theme.name[:1].lower() + theme.name[1:]
                    new.append(
                        Question(
                            theme=theme,
                            slug=synthetic_slug(key),
                            text=text.format(t=topic),
                            description="A synthetic question for load testing.",
                            order=100 + k,
                        )
                    )
        bulk(Question, new, self.batch_size, self.report)
        self.pools.themes = themes
        self.pools.questions = list(
            Question.objects.filter(SYNTHETIC).select_related("theme").order_by("theme_id", "order")
        )

    def ensure_tags(self) -> None:
        """Tags by name, reusing a shipped tag of the same name rather than duplicating it."""
        wanted = {name.lower() for name in TAG_NAMES}
        known = {t.name.lower(): t for t in Tag.objects.all() if t.name.lower() in wanted}
        missing = [
            Tag(name=name, slug=synthetic_slug(name))
            for name in TAG_NAMES
            if name.lower() not in known
        ]
        for tag in bulk(Tag, missing, self.batch_size, self.report):
            known[tag.name.lower()] = tag
        self.pools.tags = [known[name.lower()] for name in TAG_NAMES]

    def positions(self, n: int) -> None:
        if not n:
            return
        if not (self.pools.experts and self.pools.publications):
            raise ValueError("Positions need experts and publications: add some first.")
        start = Position.objects.filter(SYNTHETIC).count()
        rng = self.rng("position", start)
        content_type = ContentType.objects.get_for_model(Position)
        through = Position.themes.through
        bar = self.bar(n, "positions")
        for chunk in chunks(n):
            positions, holders, links = [], [], []
            for offset in chunk:
                index = start + offset
                position, position_holders, themes = self._position(rng, index)
                position.source = self.pools.titled_source(position.source_id)
                # Themes in their Meta ordering, as the model reads them from the database.
                ordered_themes = sorted(themes, key=lambda theme: (theme.order, theme.name))
                derive_search_text(
                    position, holders=position_holders, themes=ordered_themes, glossary_terms=[]
                )
                positions.append(position)
                holders += position_holders
                links += [(position, theme) for theme in themes]
            bulk(Position, positions, self.batch_size, self.report)
            bulk(PositionHolder, holders, self.batch_size, self.report)
            rows = [through(position_id=p.pk, theme_id=t.pk) for p, t in links]
            bulk(through, rows, self.batch_size, self.report)
            tags = tag_rows(rng, positions, self.pools.tags, content_type, most=3)
            bulk(TaggedItem, tags, self.batch_size, self.report)
            bar.update(len(chunk))
        bar.close()

    def _position(self, rng: random.Random, index: int):
        pools = self.pools
        footnote = None
        if pools.footnotes and rng.random() < 0.25:
            footnote, cited = rng.choice(pools.footnotes)
            source_id = rng.choice(cited)
            experts = pools.authors.get(source_id) or pools.pick_experts(rng, 1)
        else:
            experts = pools.pick_experts(rng, 1)
            own = pools.by_author.get(experts[0].pk)
            source_id = (
                rng.choice(own) if own and rng.random() < 0.8 else rng.choice(pools.publications)[0]
            )
        n_holders = rng.choices((1, 2, 3), weights=(60, 28, 12))[0]
        experts = experts[:n_holders]
        if len(experts) < n_holders:
            experts += [e for e in pools.pick_experts(rng, n_holders) if e not in experts][
                : n_holders - len(experts)
            ]
        holders = []
        for order, expert in enumerate(experts, start=1):
            home, role = pools.home.get(expert.pk, (None, ""))
            holders.append(PositionHolder(order=order, expert=expert, institution=home, role=role))
        body = rng.random()
        if body < 0.08:  # a body holds the position itself, e.g. a ministry's white paper
            institution = rng.choice(pools.of_kind(*ISSUING_KINDS) or pools.institutions)
            holders = [PositionHolder(order=1, institution=institution)]
            who = institution.name
        elif body < 0.11:
            institution = holders[0].institution or rng.choice(pools.institutions)
            holders = [
                PositionHolder(
                    order=1, institution=institution, group_label="participants in a symposium"
                )
            ]
            who = "Symposium participants"
        else:
            who = short_name(experts[0])
            if len(experts) > 1:
                who += f" and {short_name(experts[1])}" if len(experts) == 2 else " and co-authors"
        topic, topic_zh = rng.choice(TOPICS)
        question = rng.choice(pools.questions) if rng.random() < 0.75 else None
        themes = [question.theme] if question else [rng.choice(pools.themes)]
        if rng.random() < 0.2:
            other = rng.choice(pools.themes)
            if other not in themes:
                themes.append(other)
        plural = len(holders) > 1 or holders[0].group_label
        summary = rng.choice(SUMMARIES).format(
            who=who,
            claim=rng.choice(CLAIMS).format(t=topic),
            remedy=rng.choice(REMEDIES),
            **{verb: verb[:-1] if plural else verb for verb in VERBS},
        )
        quote_zh = quote_en = ""
        if rng.random() < 0.25:
            zh, en = rng.choice(QUOTES)
            quote_zh, quote_en = zh.format(A=topic_zh), cap(en.format(a=topic))
        reading = rng.random() < 0.3
        stamp = created_at(index)
        source_date, precision, source_kind = pools.sources.get(
            source_id, (None, DatePrecision.UNKNOWN, "")
        )
        position = Position(
            slug=synthetic_slug(who, topic, index=index),
            question=question,
            stance=weighted(rng, STANCE_WEIGHTS) if question else "",
            summary=summary,
            quote_zh=quote_zh,
            quote_en=quote_en,
            source_id=source_id,
            source_date=source_date,
            source_date_precision=precision,
            source_kind=source_kind,
            source_year=source_date.year if source_date else None,
            chapter_id=footnote.chapter_id if footnote else None,
            pinpoint=f"p. {rng.randint(1, 240)}" if rng.random() < 0.4 else "",
            footnote=footnote,
            is_analyst_reading=reading,
            reading_note=f"Stance as read by {rng.choice(ANALYST_NAMES)}." if reading else "",
            created_at=stamp,
            updated_at=stamp,
        )
        for holder in holders:
            holder.position = position
        return position, holders, themes
