"""One call of :func:`generate`: every kind of record, in dependency order."""

from __future__ import annotations

import random

from django.db import transaction
from tqdm import tqdm

from apps.core.models import DataVersion

from .analysis import AnalysisGenerator
from .debate import DebateGenerator
from .people import PeopleGenerator
from .plan import Plan, Report
from .pools import load_pools, rng
from .sources import SourcesGenerator


class Generator(PeopleGenerator, SourcesGenerator, AnalysisGenerator, DebateGenerator):
    """One call of :func:`generate`: adds each kind of record in dependency order."""

    def __init__(self, seed: int, batch_size: int, progress: bool):
        self.seed = seed
        self.batch_size = batch_size
        self.progress = progress
        self.report = Report()
        self.pools = load_pools()

    def bar(self, total: int, desc: str) -> tqdm:
        return tqdm(total=total, desc=desc, unit=" rows", disable=not self.progress, leave=True)

    def rng(self, what: str, start: int) -> random.Random:
        return rng(self.seed, what, start)

    # Themes, questions and tags: a fixed vocabulary, created once and reused.


def generate(
    plan: Plan, *, seed: int = 0, batch_size: int = 1000, progress: bool = False
) -> Report:
    """Add ``plan``'s records to whatever synthetic data is there, in one transaction."""
    with transaction.atomic():
        generator = Generator(seed, batch_size, progress)
        generator.ensure_themes()
        generator.ensure_tags()
        generator.institutions(plan.institutions if plan.experts else 0)
        generator.experts(plan.experts)
        if plan.publications:
            generator.venues(plan.venues)
        generator.publications(plan.publications)
        generator.analyses(plan)
        generator.positions(plan.positions)
        DataVersion.bump()  # bulk_create sends no signals
    return generator.report
