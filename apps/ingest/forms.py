"""The review's forms: a chapter and a citation as the reviewer corrects them, the upload."""

from django import forms

from apps.core.versions import VersionedForm
from apps.ingest.models import Decision, DraftChapter, DraftCitation
from apps.ingest.publishing import partial_date
from apps.ingest.staging import MAX_FILE_BYTES


class NamesField(forms.CharField):
    """A list of names (a JSON list on the model) edited as one line, split at semicolons."""

    def __init__(self, **kwargs):
        kwargs.update(required=False, help_text="As printed, separated by semicolons.")
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return "; ".join(value) if isinstance(value, list) else value

    def to_python(self, value) -> list[str]:
        names = (super().to_python(value) or "").split(";")
        return [name.strip() for name in names if name.strip()]


class DraftChapterForm(VersionedForm):
    analysts = NamesField()

    class Meta:
        model = DraftChapter
        fields = ["title", "analysts"]


class DraftCitationForm(VersionedForm):
    authors = NamesField()
    url = forms.URLField(required=False, max_length=1000, assume_scheme="https")

    class Meta:
        model = DraftCitation
        fields = ["authors", "title", "title_original", "venue", "date", "url", "pages"]
        fields += ["pinpoint", "ibid", "decision", "publication"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2, "cols": 40}),
            "title_original": forms.Textarea(attrs={"rows": 2, "cols": 30}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = Decision.choices  # one of the four, never none

    def clean_date(self) -> str:
        date = self.cleaned_data["date"].strip()
        if date and partial_date(date)[0] is None:
            raise forms.ValidationError("A date is 2019, 2019-07 or 2019-07-14.")
        return date

    def clean(self):
        data = super().clean()
        decision, publication = data.get("decision"), data.get("publication")
        chosen = "publication" in self.changed_data and publication is not None
        if chosen and decision in (Decision.ACCEPT, Decision.NEW):
            decision = data["decision"] = Decision.REMATCH  # another record chosen
        if decision in (Decision.ACCEPT, Decision.REMATCH) and publication is None:
            self.add_error("publication", "Choose the publication this citation cites.")
        if decision == Decision.NEW:
            data["publication"] = None
        return data


class UploadForm(forms.Form):
    file = forms.FileField(
        help_text="The issue's PDF, or its text (.txt, UTF-8), "
        f"up to {MAX_FILE_BYTES // 1024 // 1024} MB."
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".txt", ".pdf")):
            raise forms.ValidationError("Upload the issue as a .pdf or a .txt file.")
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB."
            )
        return upload
