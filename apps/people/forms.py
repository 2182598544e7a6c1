"""The expert form of the admin: names in latin letters, and the guard against a second record
of someone already recorded under the same hanzi."""

from django.core.exceptions import ValidationError

from apps.core.chinese import contains_hanzi
from apps.core.forms import DuplicateGuardForm

from .duplicates import expert_hanzi_matches


class ExpertAdminForm(DuplicateGuardForm):
    guarded_fields = ("name_zh",)
    noun = "expert"

    def clean_name(self):
        name = self.cleaned_data["name"]
        if contains_hanzi(name):
            raise ValidationError(
                "Write the name in latin letters, Chinese names surname first (Liu Ruisheng), "
                "and the hanzi in “name in hanzi”."
            )
        return name

    def find_duplicates(self, cleaned):
        return expert_hanzi_matches(cleaned.get("name_zh") or "", exclude_pk=self.instance.pk)
