"""The floors of the house, from the ground up: each app imports only from the floors below
it (and from itself); apps on one floor do not import each other. tests/test_floors.py reads
every import to keep it so, and settings.INSTALLED_APPS lists the apps in this order.

    top     the project: chinadebate/ (settings, URLs), bench/, gunicorn.conf.py
    6       portal (every public page) · research (the researchers' desk in the admin) ·
            ingest (new China Analysis issues: parse, match, stage, publish)
    5       dataset (the shipped dataset: load, export) · synthetic (generated data at scale)
    4       debate     themes, questions, positions, glossary; watches every domain write
    3       analysis   the China Analysis issues: chapters, footnotes, citations
    2       sources    venues, publications, authorships
    1       people     experts, institutions, affiliations
    ground  core       base models, Chinese text, the data version and caches, admin blocks

Cross-app model references are strings ("sources.Publication"), so a model may point at a
floor above it without an import (an affiliation names the publication that states it).
"""

FLOORS: tuple[tuple[str, ...], ...] = (
    ("core",),
    ("people",),
    ("sources",),
    ("analysis",),
    ("debate",),
    ("dataset", "synthetic"),
    ("portal", "research", "ingest"),
)
# Above every app: the project's own configuration and tools, which may import any app.
PROJECT = ("chinadebate", "bench", "gunicorn.conf")


def installed_apps() -> list[str]:
    return [f"apps.{room}" for floor in FLOORS for room in floor]
