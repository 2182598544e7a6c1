"""Deterministic synthetic data: the shipped debate scaled up, to measure the pages at size.

:func:`generate` adds experts (hanzi names, pinyin derived by ``apps.core.chinese``),
institutions of every kind with parents, venues, publications with several authors and dates
of every precision, analyses with chapters and footnotes citing the publications, and positions
with one to three holders, themes, a question and stance, tags and optional footnotes. Everything
goes in with ``bulk_create``; :func:`clear` takes it out again with bulk deletes.

What keeps the shipped records safe:

- every record made here that has a slug gets one starting with ``syn-``; records without a
  slug (authorships, holders, footnotes, tag links...) hang from one that has;
- only ``syn-`` records and what hangs from them are ever deleted. Shipped themes and tags are
  reused (synthetic positions link to them, and shipped themes get ``syn-`` questions) but no
  shipped row is ever changed.

Counts are *added* to what is there and numbering continues, so repeated calls grow the dataset
(the benchmark goes 10k → 50k → 200k positions this way). The same seed and the same calls give
the same slugs, names and links.

``bulk_create`` skips ``save()`` and django-simple-history (no history for synthetic rows, as
intended), so derived columns are computed here with the models' own ``fill_derived_fields`` and
``refresh_search_text``, fed related rows from memory so that they run no queries.

The parts: :mod:`.plan` (how many of each), :mod:`.vocabulary`, :mod:`.pools` (what records
refer to, shared helpers), one module per domain (:mod:`.people`, :mod:`.sources`,
:mod:`.analysis`, :mod:`.debate`), :mod:`.generation` (:func:`~.generation.generate`) and
:mod:`.clearing`.
"""
