from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.ingest.errors import BadInput
from apps.ingest.pipeline import ingest_file
from apps.ingest.report import render_json, render_summary


class Command(BaseCommand):
    help = (
        "Read a China Analysis issue (an extractor's text or the PDF) and match its chapters, "
        "notes and citations against the dataset. Only --dry-run exists so far: it writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the issue's text (UTF-8) or PDF")
        parser.add_argument(
            "--dry-run", action="store_true", help="print the result, write nothing"
        )
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, file, dry_run, json, **options):
        if not dry_run:
            raise CommandError("staging an issue for review is not built yet: run with --dry-run")
        try:
            result = ingest_file(Path(file), progress=self.stderr.isatty())
        except BadInput as error:
            raise CommandError(str(error)) from None
        self.stdout.write(render_json(result) if json else render_summary(result))
