from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from apps.ingest import publishing
from apps.ingest.errors import BadInput
from apps.ingest.pipeline import ingest_file
from apps.ingest.report import render_json, render_summary
from apps.ingest.staging import stage_file


class Command(BaseCommand):
    help = (
        "Read a China Analysis issue (an extractor's text or the PDF), match its chapters, "
        "notes and citations against the dataset and stage it as a draft for review in the "
        "admin (nothing is published). --dry-run prints the result and writes nothing; "
        "--publish stages and publishes at once, without review; --user names the researcher "
        "recorded as staging and publishing it (in every record's history)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the issue's text (UTF-8) or PDF")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--dry-run", action="store_true", help="print the result, write nothing")
        mode.add_argument("--publish", action="store_true", help="stage and publish without review")
        parser.add_argument("--json", action="store_true", help="with --dry-run: print JSON")
        parser.add_argument("--user", help="the researcher's username, recorded in history")

    def handle(self, file, dry_run, publish, json, user, **options):
        progress = self.stderr.isatty()
        researcher = self.researcher(user) if user and not dry_run else None
        try:
            if dry_run:
                result = ingest_file(Path(file), progress=progress)
                self.stdout.write(render_json(result) if json else render_summary(result))
                return
            staged = stage_file(Path(file), researcher, progress=progress)
            self.stdout.write(str(staged))
            if publish:
                self.stdout.write(str(publishing.publish(staged.draft, researcher)))
            elif staged.created:
                self.stdout.write(f"Review it in the admin: {staged.draft.get_review_url()}")
        except (BadInput, publishing.PublishError) as error:
            raise CommandError(str(error)) from None

    def researcher(self, username: str):
        found = get_user_model().objects.filter(username=username, is_staff=True).first()
        if found is None:
            raise CommandError(f"No staff account is named {username!r} (see create_researcher).")
        return found
