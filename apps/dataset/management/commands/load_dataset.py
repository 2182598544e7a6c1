from django.core.management.base import BaseCommand

from apps.dataset.loading import fixture_paths, load_dataset


class Command(BaseCommand):
    help = (
        "Load the shipped dataset (fixtures/*.yaml); safe to run again, keeps researchers' records."
    )

    def handle(self, *args, **options):
        paths = fixture_paths()
        if not paths:
            self.stdout.write(self.style.WARNING("No fixtures found in fixtures/."))
            return
        report = load_dataset(paths)
        self.stdout.write(self.style.SUCCESS(f"Dataset loaded from {len(paths)} files: {report}"))
