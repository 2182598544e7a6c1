"""The tables the bench prints: one per size, and how each page grows between sizes."""

from __future__ import annotations

import harness
from measuring import Measurement


def number(ms: float) -> float | None:
    return None if ms != ms else round(ms, 2)  # NaN is not JSON


def _fmt(ms: float) -> str:
    if ms != ms:
        return "—"  # NaN
    return f"{ms:.2f}" if ms < 1 else f"{ms:,.1f}"  # a warm page's one query is ~0.05 ms


def _ratio(a: float, b: float) -> str:
    return "—" if not (a == a and b == b and b > 0) else f"{a / b:.1f}×"


def print_size_table(growth: harness.Growth, results: list[Measurement]) -> None:
    admin = {r.selection: r for r in results if r.page == "admin" and r.ok}
    health = next((r.median for r in results if r.page == "health check" and r.ok), float("nan"))
    print(
        f"\n### {growth.positions:,} positions "
        f"({growth.counts.get('experts', 0):,} experts, "
        f"{growth.counts.get('publications', 0):,} publications; "
        f"generated in {growth.seconds:.0f} s)\n"
    )
    print(
        "| page | selection | median ms | p95 ms | queries | db floor ms | page / admin "
        "| page / db | page / health check | cold ms | cold queries | cold db floor ms | cold / admin | cold / db "
        "| after write ms | after write queries | SQL answer ms | cold / SQL answer | note |"
    )
    print("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|")
    for r in results:
        if not r.ok:
            continue
        base = admin.get(r.selection) if r.page.startswith("viewpoints") else None
        print(
            f"| {r.page} | {r.selection} | {_fmt(r.median)} | {_fmt(r.p95)} | {r.queries} "
            f"| {_fmt(r.floor)} | {_ratio(r.median, base.median) if base else '—'} "
            f"| {_ratio(r.median, r.floor)} | {_ratio(r.median, health)} "
            f"| {_fmt(r.cold)} | {r.cold_queries} "
            f"| {_fmt(r.cold_floor)} | {_ratio(r.cold, base.median) if base else '—'} "
            f"| {_ratio(r.cold, r.cold_floor)} | {_fmt(r.after_write)} | {r.write_queries} "
            f"| {_fmt(r.answer)} | {_ratio(r.cold, r.answer)} | {r.note} |"
        )


def print_growth_table(runs: list[tuple[harness.Growth, list[Measurement]]]) -> None:
    if len(runs) < 2:
        return
    sizes = [g.positions for g, _ in runs]
    labels = [f"{s // 1000}k" if s >= 1000 else str(s) for s in sizes]
    by_key = [{(r.page, r.selection): r for r in results if r.ok} for _, results in runs]
    print(f"\n### Growth from {labels[0]} to {labels[-1]} positions (median ms; queries)\n")
    print(
        "| page | selection | "
        + " | ".join(labels)
        + f" | {labels[-1]} / {labels[0]} | cold "
        + " | cold ".join(labels)
        + " | after write "
        + " | after write ".join(labels)
        + f" | queries {' → '.join(labels)} | cold queries |"
    )
    print("|---|---|" + "--:|" * (3 * len(labels) + 1) + "---|---|")
    for key in by_key[0]:
        row = [b.get(key) for b in by_key]
        medians = [r.median if r else float("nan") for r in row]
        colds = [r.cold if r else float("nan") for r in row]
        writes = [r.after_write if r else float("nan") for r in row]
        queries = " → ".join(str(r.queries) if r else "—" for r in row)
        cold_queries = " → ".join(str(r.cold_queries) if r else "—" for r in row)
        print(
            f"| {key[0]} | {key[1]} | "
            + " | ".join(_fmt(m) for m in medians)
            + f" | {_ratio(medians[-1], medians[0])} | "
            + " | ".join(_fmt(m) for m in colds)
            + " | "
            + " | ".join(_fmt(m) for m in writes)
            + f" | {queries} | {cold_queries} |"
        )
