from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from apps.research.importers import (
    DUPLICATE,
    FORMATS,
    INVALID,
    ImportFileError,
    assess,
    import_entries,
    read_file,
)


class Command(BaseCommand):
    help = (
        "Import publications from a CSL-JSON, RIS or BibTeX export (Zotero and others). "
        "Lists each entry as NEW, DUPLICATE or INVALID, then writes the new ones in one "
        "transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=sorted(FORMATS), help="Default: from the file.")
        parser.add_argument("--dry-run", action="store_true", help="Only list; write nothing.")

    def handle(self, *args, file: Path, format: str | None, dry_run: bool, **options):
        try:
            fmt, entries = read_file(file.read_bytes(), file.name, format)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        except ImportFileError as error:
            raise CommandError(f"{file.name}: {error}") from error
        assessments = assess(entries)
        for a in assessments:
            self.stdout.write(f"{a.status:<9} #{a.entry['number']} {a.title}")
            for match in a.matches:
                where = match.admin_url or "an earlier entry in this file"
                self.stdout.write(f"          {match.reason}: {match.label} ({where})")
            for reason in a.reasons:
                self.stdout.write(f"          {reason}")
        new = sum(1 for a in assessments if a.status not in (DUPLICATE, INVALID))
        if dry_run:
            self.stdout.write(f"Dry run of {FORMATS[fmt]}: {new} would be imported.")
            return
        report = import_entries(
            entries,
            file.name,
            progress=lambda items: tqdm(items, desc="Importing", unit="entry", file=self.stderr),
        )
        self.stdout.write(self.style.SUCCESS(str(report)))
