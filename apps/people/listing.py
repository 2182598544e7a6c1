"""The institutions list: top-level institutions grouped by kind, sub-units nested."""

from __future__ import annotations

from dataclasses import dataclass

from .models import InstitutionKind


@dataclass
class KindGroup:
    kind: str
    label: str
    institutions: list

    @property
    def listed(self) -> int:
        """How many institutions the group's section lists, sub-units included."""

        def count(nodes) -> int:
            return sum(1 + count(node.subunits) for node in nodes)

        return count(self.institutions)


def institution_groups(institutions: list) -> list[KindGroup]:
    """Top-level institutions grouped by kind, each carrying its sub-units as ``subunits``.

    Sub-units nest under their parent whatever their own kind; anything not reachable from
    a top-level institution (a parent cycle) is listed at the top level rather than lost.
    """
    by_parent: dict[int | None, list] = {}
    for institution in institutions:
        by_parent.setdefault(institution.parent_id, []).append(institution)
    roots = list(by_parent.get(None, []))
    reached: set[int] = set()

    def attach(node) -> None:
        reached.add(node.pk)
        node.subunits = [c for c in by_parent.get(node.pk, []) if c.pk not in reached]
        for child in node.subunits:
            attach(child)

    for root in roots:
        attach(root)
    for institution in institutions:
        if institution.pk not in reached:
            roots.append(institution)
            attach(institution)
    labels = dict(InstitutionKind.choices)
    groups = {kind: KindGroup(kind, labels[kind], []) for kind in InstitutionKind.values}
    for root in roots:
        groups.setdefault(root.kind, KindGroup(root.kind, root.kind, [])).institutions.append(root)
    return [group for group in groups.values() if group.institutions]
