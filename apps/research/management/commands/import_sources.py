from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from apps.research.importers import (
    FORMATS,
    INVALID,
    NEW,
    ImportFileError,
    assess,
    import_entries,
    invalid_summary,
    read_file,
    rejections,
)


class Command(BaseCommand):
    help = (
        "Import publications from a CSL-JSON, RIS or BibTeX export (Zotero and others). "
        "Lists each entry as NEW, DUPLICATE or INVALID, then writes the new ones in one "
        "transaction. An invalid entry stops the import before anything is written, unless "
        "--partial; it fails (exit 1) whenever nothing could be imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=sorted(FORMATS), help="Default: from the file.")
        parser.add_argument("--dry-run", action="store_true", help="Only list; write nothing.")
        parser.add_argument(
            "--partial",
            action="store_true",
            help="Import the valid entries and list the invalid ones, instead of stopping.",
        )

    def handle(self, *args, file: Path, format, dry_run: bool, partial: bool, **options):
        try:
            fmt, entries = read_file(file.read_bytes(), file.name, format)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        except ImportFileError as error:
            raise CommandError(f"{file.name}: {error}") from error
        assessments = assess(entries)
        self._list(assessments)
        for line in rejections(assessments, file.name):
            self.stderr.write(line)
        invalid = [a for a in assessments if a.status == INVALID]
        new = sum(1 for a in assessments if a.status == NEW)
        written = "would be written" if dry_run else "was written"
        if invalid and not new:
            others = " and the others are duplicates" if len(invalid) < len(assessments) else ""
            raise CommandError(
                f"{file.name}: nothing could be imported: {invalid_summary(invalid)}{others}."
            )
        if invalid and not partial:
            raise CommandError(
                f"{file.name}: nothing {written}: {invalid_summary(invalid)}. "
                "Correct the file, or import the valid entries only with --partial."
            )
        if dry_run:
            skipped = f"; {len(invalid)} invalid would be skipped" if invalid else ""
            self.stdout.write(f"Dry run of {FORMATS[fmt]}: {new} would be imported{skipped}.")
            return
        report = import_entries(entries, file.name, progress=self._progress, partial=partial)
        self.stdout.write(self.style.SUCCESS(str(report)))

    def _list(self, assessments) -> None:
        for a in assessments:
            self.stdout.write(f"{a.status:<9} #{a.entry['number']} {a.title}")
            for match in a.matches:
                where = match.admin_url or "an earlier entry in this file"
                self.stdout.write(f"          {match.reason}: {match.label} ({where})")
            for reason in a.reasons:
                self.stdout.write(f"          {reason}")

    def _progress(self, items: list):
        """A bar on a terminal only, and only when there is something to write."""
        return tqdm(
            items, desc="Importing", unit="entry", file=self.stderr, disable=None if items else True
        )
