import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from apps.synthetic.clearing import clear, synthetic_counts
from apps.synthetic.generation import generate
from apps.synthetic.plan import default_plan


class Command(BaseCommand):
    help = (
        "Add deterministic synthetic experts, publications and positions (slugs start with "
        "'syn-') to measure the pages at scale; --clear removes them, and only them, first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--positions", type=int, default=0, help="Positions to add.")
        parser.add_argument(
            "--experts", type=int, help="Experts to add (default: positions / 40, at least 10)."
        )
        parser.add_argument(
            "--publications",
            type=int,
            help="Publications to add (default: positions / 4, at least 20).",
        )
        parser.add_argument("--seed", type=int, default=0, help="Same seed, same data.")
        parser.add_argument("--clear", action="store_true", help="Remove synthetic data first.")
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, **options):
        progress = options["verbosity"] > 0
        if options["clear"]:
            started = time.perf_counter()
            deleted = clear(progress=progress)
            self.stdout.write(
                f"Cleared {sum(deleted.values())} synthetic rows "
                f"in {time.perf_counter() - started:.1f} s."
            )
        wanted = (options["positions"], options["experts"], options["publications"])
        if not any(wanted):
            if not options["clear"]:
                raise CommandError("Nothing to do: give --positions (and/or --experts, ...).")
            return
        plan = default_plan(*wanted)
        started = time.perf_counter()
        try:
            report = generate(
                plan, seed=options["seed"], batch_size=options["batch_size"], progress=progress
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Created in {elapsed:.1f} s: {report}"))
        # Planner statistics for the new rows now, not when autovacuum gets round to it: a
        # facet count planned on the old statistics can take seconds instead of milliseconds.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        totals = ", ".join(f"{n} {what}" for what, n in synthetic_counts().items())
        self.stdout.write(f"Synthetic records now: {totals}.")
