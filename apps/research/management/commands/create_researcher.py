import getpass
import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.research.roles import RESEARCHERS

PASSWORD_ENV = "RESEARCHER_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create a staff account in the researchers group. The password comes from --password, "
        f"else ${PASSWORD_ENV}, else an interactive prompt."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--password", help=f"Prefer ${PASSWORD_ENV} or the prompt.")

    def handle(self, *args, username, email, password, **options):
        from django.contrib.auth.models import Group

        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user named {username!r} already exists.")
        password = password or os.environ.get(PASSWORD_ENV) or self.prompt_password()
        user = User(username=username, email=email, is_staff=True)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        with transaction.atomic():
            user.set_password(password)
            user.save()
            user.groups.add(Group.objects.get(name=RESEARCHERS))
        self.stdout.write(
            self.style.SUCCESS(f"Researcher {username!r} created; log in at /admin/.")
        )

    def prompt_password(self) -> str:
        if not sys.stdin.isatty():
            raise CommandError(f"No password given: use --password or set ${PASSWORD_ENV}.")
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The passwords do not match.")
        return password
