from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.content_languages import CONTENT_LANGUAGES, column
from offices.models import Region
from workshops.content_forms import TranslatedFieldsMixin
from workshops.models import Audience, OutcomeDocument, Pillar, UNLanguage


def region_filter_field() -> forms.ModelChoiceField:
    """The region filter of the public lists, by slug as in ?region=arab-states."""
    return forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All regions"),
        error_messages={"invalid_choice": _("There is no region with that name.")},
    )


class WorkshopFilterForm(forms.Form):
    """The public list's filters. Values come from the query string, so every field is optional
    and an invalid value is reported rather than silently ignored. The menus offer only the
    countries and years that have workshops; any ISO code or year still works in a link."""

    region = region_filter_field()
    country = forms.CharField(label=_("Country"), required=False, widget=forms.Select)
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=1990, max_value=2100, widget=forms.Select
    )

    def __init__(self, data=None, *, countries_offered: list[str], years_offered: list[int]):
        if data is not None and data.get("country"):
            # ?country=vu is as good as ?country=VU on a hand-typed link.
            data = data.copy()
            data["country"] = data["country"].upper()
        super().__init__(data)
        self.fields["country"].widget.choices = [
            ("", _("All countries")),
            *sorted(
                ((code, countries.name(code)) for code in countries_offered), key=lambda c: c[1]
            ),
        ]
        self.fields["year"].widget.choices = [
            ("", _("All years")),
            *((y, y) for y in years_offered),
        ]

    def clean_country(self) -> str:
        code = self.cleaned_data["country"]
        if code and code not in countries:
            raise forms.ValidationError(_("There is no country with that code."))
        return code


class DocumentFilterForm(forms.Form):
    """The document library's filters and search, read from the query string."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("All languages")), *UNLanguage.choices],
        error_messages={"invalid_choice": _("Choose one of the six UN languages.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *OutcomeDocument.Kind.choices],
        error_messages={"invalid_choice": _("There is no kind of document with that name.")},
    )
    # The menu offers only the countries that have documents; any ISO code still works in a link.
    country = forms.CharField(label=_("Country"), required=False, widget=forms.Select)
    region = region_filter_field()
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    pillar = forms.ModelChoiceField(
        label=_("COP pillar"),
        queryset=Pillar.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("All pillars"),
        error_messages={"invalid_choice": _("There is no COP pillar with that name.")},
    )
    audience = forms.ModelChoiceField(
        label=_("Audience"),
        queryset=Audience.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("All audiences"),
        error_messages={"invalid_choice": _("There is no audience with that name.")},
    )

    def __init__(self, data=None, *, countries_offered: list[str], **kwargs):
        if data is not None and data.get("country"):
            data = data.copy()
            data["country"] = data["country"].upper()
        super().__init__(data, **kwargs)
        self.fields["country"].widget.choices = [
            ("", _("All countries")),
            *sorted(
                ((code, countries.name(code)) for code in countries_offered), key=lambda c: c[1]
            ),
        ]

    def clean_country(self) -> str:
        code = self.cleaned_data["country"]
        if code and code not in countries:
            raise forms.ValidationError(_("There is no country with that code."))
        return code

    def filters(self) -> dict:
        """The valid filters, by name; an invalid one is left out (and shown as an error)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value.strip() if isinstance(value, str) else value
            for name, value in self.cleaned_data.items()
            if value not in (None, "") and name not in self.errors
        }


DOCUMENT_TEXTS = ("title", "description")


class DocumentForm(TranslatedFieldsMixin, forms.Form):
    """A new outcome document on a workshop, with its first language version; its title and
    description in each language (the workshop's working languages first)."""

    translated = DOCUMENT_TEXTS
    required = ("title",)

    kind = forms.ChoiceField(label=_("Kind"), choices=OutcomeDocument.Kind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    language = forms.ChoiceField(label=_("Language of the file"), choices=UNLanguage.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, DOCX, XLSX, PPTX, ODT, PNG or JPEG."),
    )
    is_published = forms.BooleanField(label=_("Publish now"), required=False)

    def __init__(self, *args, workshop=None, **kwargs):
        super().__init__(*args, **kwargs)
        for code in CONTENT_LANGUAGES:
            self.fields[column("title", code)] = forms.CharField(label=_("Title"), max_length=250)
            self.fields[column("description", code)] = forms.CharField(
                label=_("Description"), widget=forms.Textarea(attrs={"rows": 3})
            )
        self.setup_languages(list(workshop.languages if workshop else []))

    def texts(self) -> dict:
        """The language columns, for document_create."""
        return {name: self.cleaned_data.get(name) or "" for name in self.translated_names()}


class DocumentFileForm(forms.Form):
    """Another language version of an existing document."""

    language = forms.ChoiceField(label=_("Language"), choices=UNLanguage.choices)
    title = forms.CharField(
        label=_("Title in this language"),
        max_length=250,
        required=False,
        help_text=_("Optional."),
    )
    file = forms.FileField(label=_("File"), help_text=_("PDF, DOCX, XLSX, PPTX, ODT, PNG or JPEG."))
