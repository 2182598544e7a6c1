"""Synthetic institutions (with parents) and experts (hanzi names, pinyin, aliases, affiliations)."""

from __future__ import annotations

import random

from apps.core.chinese import strip_tones, syllables, to_simplified
from apps.people.models import (
    Affiliation,
    Expert,
    ExpertAlias,
    Institution,
    InstitutionKind,
    Origin,
)

from .plan import PREFIX, SYNTHETIC
from .pools import bulk, cap, chunks, created_at, partial_date, s2t, synthetic_slug, weighted
from .vocabulary import (
    BRANDS,
    CITIES,
    EUROPEAN_CITIES,
    FIELDS,
    FOREIGN_FIRST,
    FOREIGN_LAST,
    GIVEN,
    INSTITUTION_NAMES,
    ORIGIN_WEIGHTS,
    PROVINCES,
    ROLES,
    SURNAMES,
)


class PeopleGenerator:
    """The people part of :class:`~.generation.Generator`."""

    def institutions(self, n: int) -> None:
        kinds = list(InstitutionKind)
        minimum = 0 if self.pools.institutions else 2 * len(kinds)
        n = max(n, minimum)
        if not n:
            return
        start = Institution.objects.filter(SYNTHETIC).count()
        rng = self.rng("institution", start)
        used = {i.name for i in self.pools.institutions}
        tops = {kind: [i for i in self.pools.of_kind(kind) if not i.parent_id] for kind in kinds}
        top_rows, child_rows = [], []
        for index in range(start, start + n):
            kind = kinds[index % len(kinds)]
            parents = tops[kind]
            parent = rng.choice(parents) if parents and rng.random() < 0.4 else None
            for _ in range(20):  # avoid duplicate names while fresh combinations remain
                name, name_zh, location = self._institution_name(rng, kind, parent)
                if name not in used:
                    break
            used.add(name)
            institution = Institution(
                slug=synthetic_slug(name, index=index),
                name=name,
                name_zh=name_zh,
                abbreviation="".join(w[0] for w in name.split() if w[0].isupper())[:8]
                if rng.random() < 0.3
                else "",
                kind=kind,
                parent=parent,
                location=location,
                description=f"A synthetic {InstitutionKind(kind).label} for load testing.",
                url=f"https://{synthetic_slug(name, index=index)[len(PREFIX) :][:50]}.example/",
                created_at=created_at(index),
                updated_at=created_at(index),
            )
            institution.refresh_search_text()
            (child_rows if parent else top_rows).append(institution)
            if not parent:
                tops[kind].append(institution)
        # Parents first: a child's parent may have been drawn in this very call.
        created = bulk(Institution, top_rows, self.batch_size, self.report)
        created += bulk(Institution, child_rows, self.batch_size, self.report)
        self.pools.institutions += sorted(created, key=lambda i: i.created_at)

    def _institution_name(
        self, rng: random.Random, kind: str, parent: Institution | None
    ) -> tuple[str, str, str]:
        """English name, Chinese name and location; units take their parent's name and place."""
        tops, unit = INSTITUTION_NAMES[kind]
        place, place_zh = rng.choice(PROVINCES + CITIES)
        europe = rng.choice(EUROPEAN_CITIES)
        (brand, brand_zh), (fld, fld_zh) = rng.choice(BRANDS), rng.choice(FIELDS)
        words = {
            "p": place,
            "p_zh": place_zh,
            "e": europe,
            "b": brand,
            "b_zh": brand_zh,
            "f": fld,
            "f_zh": fld_zh,
        }
        if parent is not None:
            words.update(parent=parent.name, parent_zh=parent.name_zh, b=parent.name.split()[0])
            return unit[0].format(**words), unit[1].format(**words), parent.location
        name, name_zh = rng.choice(tops)
        location = europe if kind == InstitutionKind.FOREIGN else place
        return name.format(**words), name_zh.format(**words), location

    def experts(self, n: int) -> None:
        if not n:
            return
        start = Expert.objects.filter(SYNTHETIC).count()
        rng = self.rng("expert", start)
        chinese_homes = [
            i for i in self.pools.institutions if i.kind != InstitutionKind.FOREIGN
        ] or self.pools.institutions
        foreign_homes = self.pools.of_kind(InstitutionKind.FOREIGN) or chinese_homes
        bar = self.bar(n, "experts")
        for chunk in chunks(n):
            experts, aliases, affiliations = [], [], []
            for offset in chunk:
                index = start + offset
                expert, alias_names = self._expert(rng, index)
                homes = foreign_homes if expert.origin == Origin.FOREIGN else chinese_homes
                # Roles reach beyond the primary home for one in five experts.
                for home in rng.sample(homes, 2 if rng.random() < 0.2 else 1):
                    as_of, precision = partial_date(rng)
                    affiliations.append(
                        Affiliation(
                            expert=expert,
                            institution=home,
                            role=rng.choice(ROLES),
                            as_of=as_of,
                            as_of_precision=precision,
                            is_former=rng.random() < 0.1,
                            created_at=created_at(index),
                            updated_at=created_at(index),
                        )
                    )
                expert.description = (
                    f"{cap(affiliations[-1].role)} at {affiliations[-1].institution.name}."
                )
                expert.refresh_search_text(aliases=[name for name, _ in alias_names])
                experts.append(expert)
                aliases += [
                    ExpertAlias(expert=expert, name=name, note=note) for name, note in alias_names
                ]
            bulk(Expert, experts, self.batch_size, self.report)
            bulk(ExpertAlias, aliases, self.batch_size, self.report)
            bulk(Affiliation, affiliations, self.batch_size, self.report)
            for affiliation in affiliations:
                self.pools.home.setdefault(
                    affiliation.expert_id, (affiliation.institution, affiliation.role)
                )
            self.pools.experts += experts
            bar.update(len(chunk))
        bar.close()
        self.pools.reweigh_experts()

    def _expert(self, rng: random.Random, index: int) -> tuple[Expert, list]:
        """An expert and the variant spellings to record as aliases (name, where it appears)."""
        origin = weighted(rng, ORIGIN_WEIGHTS)
        stamp = created_at(index)
        if origin == Origin.FOREIGN:
            name = f"{rng.choice(FOREIGN_FIRST)} {rng.choice(FOREIGN_LAST)}"
            expert = Expert(name=name, origin=origin, created_at=stamp, updated_at=stamp)
            expert.slug = synthetic_slug(name, index=index)
            expert.fill_derived_fields()
            return expert, []
        hanzi = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=1 if rng.random() < 0.3 else 2))
        if origin in (Origin.HONG_KONG, Origin.TAIWAN):
            hanzi = s2t().convert(hanzi)
        expert = Expert(name_zh=hanzi, origin=origin, created_at=stamp, updated_at=stamp)
        expert.fill_derived_fields()  # pinyin with tones from the hanzi
        surname, *given = strip_tones(expert.pinyin).split()
        given_syllables = syllables(to_simplified(hanzi))[1:]
        if origin == Origin.MAINLAND:
            expert.name = " ".join(w.capitalize() for w in (surname, *given))
        else:  # Hong Kong and Taiwan print the given name hyphenated
            expert.name = f"{surname.capitalize()} {'-'.join(given_syllables).capitalize()}"
        expert.slug = synthetic_slug(expert.name, index=index)
        aliases = []
        if rng.random() < 0.15:
            first, last = expert.name.split(" ", 1)
            aliases.append(
                (f"{last} {first}", "Given name first, as an English-language source prints it.")
            )
        if rng.random() < 0.05 and len(given_syllables) == 2:
            hyphenated = f"{surname.capitalize()} {'-'.join(given_syllables).capitalize()}"
            if hyphenated != expert.name:
                aliases.append((hyphenated, "Hyphenated spelling in an older source."))
        return expert, aliases
