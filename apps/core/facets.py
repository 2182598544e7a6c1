from dataclasses import dataclass


@dataclass
class FacetOption:
    """One value of a list page's facet, with the link to exactly what its count counts."""

    value: str
    label: str
    count: int
    selected: bool
    query: str  # the other facets' selection plus only this value: what ``count`` counts
    label_zh: str = ""
