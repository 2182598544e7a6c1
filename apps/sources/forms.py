"""The publication form of the admin, with the guard against recording a source twice."""

from apps.core.forms import DuplicateGuardForm

from .duplicates import PublicationIndex


class PublicationAdminForm(DuplicateGuardForm):
    slug_source = "title"
    guarded_fields = ("url", "title", "title_original")
    noun = "publication"

    def find_duplicates(self, cleaned):
        index = PublicationIndex.from_db(exclude_pk=self.instance.pk)
        return index.matches(
            cleaned.get("url") or "",
            cleaned.get("title") or "",
            cleaned.get("title_original") or "",
        )
