from pathlib import Path

from django.core.management.base import BaseCommand

from apps.dataset.records import write_dataset


class Command(BaseCommand):
    help = (
        "Write the whole dataset as natural-key YAML fixtures into DIR, in the format "
        "load_dataset reads (e.g. to refresh fixtures/ from the researchers' database)."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options):
        for path in write_dataset(directory):
            self.stdout.write(f"wrote {path}")
