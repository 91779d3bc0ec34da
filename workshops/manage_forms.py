"""Forms of the staff area's workshop management: input shape only; the services decide."""

import datetime as dt
import zoneinfo

from django import forms
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.importing import validate_import_size
from offices.models import RegionalOffice
from workshops.content_forms import TranslatedFieldsMixin, first_text, translated_columns
from workshops.models import (
    Audience,
    NationalActivity,
    Partner,
    Pillar,
    Session,
    UNLanguage,
    Workshop,
    WorkshopPartner,
)

# Slugs that would collide with the staff area's own paths under /staff/workshops/.
RESERVED_SLUGS = {"new"}
# One message for every address that cannot be had (reserved, public, a draft of this office
# or of another): it must not tell an office that another office's draft exists.
SLUG_TAKEN = _("This address is taken; choose another.")


def _available_slug(slug: str, *, instance: Workshop | None = None) -> str:
    taken = Workshop.objects.filter(slug=slug)
    if instance is not None and instance.pk:
        taken = taken.exclude(pk=instance.pk)
    if slug in RESERVED_SLUGS or taken.exists():
        raise forms.ValidationError(SLUG_TAKEN, code="unique")
    return slug


WORKSHOP_TEXTS = ("title", "summary", "description", "city", "venue", "data_note")
WORKSHOP_FIELDS = [
    *translated_columns(WORKSHOP_TEXTS),
    "slug",
    "format",
    "join_url",
    "country",
    "time_zone",
    "start_date",
    "end_date",
    "languages",
    "capacity",
    "requires_approval",
    "registration_opens_at",
    "registration_closes_at",
    "pillars",
    "audiences",
    "min_attendance_percent",
    "certificate_language",
    "signatory_name",
    "signatory_title",
]
M2M_FIELDS = ("pillars", "audiences")


def time_zone_of(data, default: str) -> str:
    """The time zone the form's times are typed in: the submitted one when it is valid."""
    submitted = (data or {}).get("time_zone", "")
    return submitted if submitted in zoneinfo.available_timezones() else default


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class WorkshopForm(TranslatedFieldsMixin, forms.ModelForm):
    """A workshop's details, its texts in each language. Times are read in the time zone
    active while the form is bound (the view activates the workshop's own)."""

    translated = WORKSHOP_TEXTS
    required = ("title", "city")

    languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        choices=UNLanguage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    pillars = forms.ModelMultipleChoiceField(
        label=_("COP pillars"),
        queryset=Pillar.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audiences = forms.ModelMultipleChoiceField(
        label=_("Audiences"),
        queryset=Audience.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    office = forms.ModelChoiceField(
        label=_("Regional office"), queryset=RegionalOffice.objects.none(), required=False
    )

    class Meta:
        model = Workshop
        fields = WORKSHOP_FIELDS
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "registration_opens_at": DateTimeInput(),
            "registration_closes_at": DateTimeInput(),
        }

    def __init__(self, *args, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and hasattr(self.data, "getlist"):
            working = self.data.getlist("languages")
        else:
            working = self.instance.languages
        self.setup_languages(list(working or []))
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Part of the web address; made from the title if empty.")
        if offices is None or self.instance.pk:
            del self.fields["office"]
        else:
            self.fields["office"].queryset = offices
            self.fields["office"].required = True

    def clean_slug(self) -> str:
        title = first_text(self.data, "title", self.language_order)
        slug = self.cleaned_data.get("slug") or slugify(title)[:100]
        return _available_slug(slug, instance=self.instance)

    def service_fields(self) -> dict:
        """Cleaned data for workshop_create/workshop_update: the model's own fields."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in M2M_FIELDS and name != "office"
        }


class CancelForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the registered participants (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    confirm = forms.BooleanField(label=_("Yes, cancel this workshop and tell everyone registered"))


class DuplicateForm(forms.Form):
    title = forms.CharField(label=_("Title of the new workshop"), max_length=200)
    slug = forms.SlugField(
        label=_("Slug"),
        max_length=100,
        required=False,
        help_text=_("Part of the web address; made from the title if empty."),
    )
    start_date = forms.DateField(label=_("First day of the new workshop"), widget=DateInput())

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug") or slugify(self.data.get("title", ""))[:100]
        return _available_slug(slug)

    def clean_start_date(self) -> dt.date:
        start = self.cleaned_data["start_date"]
        if start.year < 1990 or start.year > 2100:
            raise forms.ValidationError(_("Enter a date between 1990 and 2100."))
        return start


SESSION_TEXTS = ("title", "room", "speakers", "description")


class SessionForm(TranslatedFieldsMixin, forms.ModelForm):
    """A session, its texts in each language (the workshop's working languages first); its
    times are typed in the workshop's time zone (the view activates it)."""

    translated = SESSION_TEXTS
    required = ("title",)

    class Meta:
        model = Session
        fields = [
            *translated_columns(SESSION_TEXTS),
            "starts_at",
            "ends_at",
            "is_mandatory",
            "is_cancelled",
        ]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput()}

    def __init__(self, *args, workshop: Workshop | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        workshop = workshop or (self.instance.workshop if self.instance.workshop_id else None)
        self.setup_languages(list(workshop.languages if workshop else []))


class WorkshopPartnerForm(forms.ModelForm):
    class Meta:
        model = WorkshopPartner
        fields = ["partner", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.order_by("name")


# The directory: partners and national work ---------------------------------------------------


PARTNER_TEXTS = ("name", "description")


class PartnerForm(TranslatedFieldsMixin, forms.ModelForm):
    """A partner's details, its name and description in each language (the acronym stays
    one); the logo is a plain file field, checked by the service."""

    translated = PARTNER_TEXTS
    required = ("name",)

    logo_upload = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG or JPEG, up to 2 MB. Leave empty to keep the current one."),
    )

    class Meta:
        model = Partner
        fields = [
            *translated_columns(PARTNER_TEXTS),
            "acronym",
            "slug",
            "kind",
            "country",
            "website",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No working languages: the page's language first, then English.
        self.setup_languages([get_language(), "en"])

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


NATIONAL_ACTIVITY_TEXTS = ("title", "description", "data_note")


class NationalActivityForm(TranslatedFieldsMixin, forms.ModelForm):
    """National work, its texts in each language; a superuser (who belongs to no office) also
    picks the office."""

    translated = NATIONAL_ACTIVITY_TEXTS
    required = ("title",)

    office = forms.ModelChoiceField(
        label=_("Regional office"), queryset=RegionalOffice.objects.none(), required=False
    )

    class Meta:
        model = NationalActivity
        fields = ["country", "kind", *translated_columns(NATIONAL_ACTIVITY_TEXTS), "year"]

    def __init__(self, *args, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_languages([get_language(), "en"])
        if offices is None or self.instance.pk:
            del self.fields["office"]
        else:
            self.fields["office"].queryset = offices
            self.fields["office"].required = True

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class TranslationsImportForm(forms.Form):
    file = forms.FileField(
        label=_("Translation workbook (.xlsx)"),
        help_text=_("The workbook downloaded above, with the missing languages filled in."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_import_size(upload)
        return upload


class TranslationsConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
