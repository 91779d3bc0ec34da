"""Forms of the staff area's workshop management: input shape only; the services decide."""

import datetime as dt
import zoneinfo

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from offices.models import RegionalOffice
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


WORKSHOP_FIELDS = [
    "title",
    "slug",
    "summary",
    "description",
    "format",
    "join_url",
    "country",
    "city",
    "venue",
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


class WorkshopForm(forms.ModelForm):
    """A workshop's details. Times are read in the time zone active while the form is bound
    (the view activates the workshop's own)."""

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
            "description": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Part of the web address; made from the title if empty.")
        if offices is None or self.instance.pk:
            del self.fields["office"]
        else:
            self.fields["office"].queryset = offices
            self.fields["office"].required = True

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug") or slugify(self.data.get("title", ""))[:100]
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


class SessionForm(forms.ModelForm):
    """A session; its times are typed in the workshop's time zone (the view activates it)."""

    class Meta:
        model = Session
        fields = [
            "title",
            "starts_at",
            "ends_at",
            "room",
            "speakers",
            "description",
            "is_mandatory",
            "is_cancelled",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class WorkshopPartnerForm(forms.ModelForm):
    class Meta:
        model = WorkshopPartner
        fields = ["partner", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.order_by("name")


# The directory: partners and national work ---------------------------------------------------


class PartnerForm(forms.ModelForm):
    """A partner's details; the logo is a plain file field, checked by the service."""

    logo_upload = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG or JPEG, up to 2 MB. Leave empty to keep the current one."),
    )

    class Meta:
        model = Partner
        fields = ["name", "acronym", "slug", "kind", "country", "website", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class NationalActivityForm(forms.ModelForm):
    """National work; a superuser (who belongs to no office) also picks the office."""

    office = forms.ModelChoiceField(
        label=_("Regional office"), queryset=RegionalOffice.objects.none(), required=False
    )

    class Meta:
        model = NationalActivity
        fields = ["country", "kind", "title", "year", "description", "data_note"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if offices is None or self.instance.pk:
            del self.fields["office"]
        else:
            self.fields["office"].queryset = offices
            self.fields["office"].required = True

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}
