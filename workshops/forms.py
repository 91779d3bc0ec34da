from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from workshops.models import Region


class WorkshopFilterForm(forms.Form):
    """The public list's filters. Values come from the query string, so every field is optional
    and an invalid value is reported rather than silently ignored."""

    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All regions"),
        error_messages={"invalid_choice": _("There is no region with that name.")},
    )
    country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        error_messages={"invalid_choice": _("There is no country with that code.")},
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)

    def __init__(self, data=None, **kwargs):
        if data is not None and data.get("country"):
            # ?country=vu is as good as ?country=VU on a hand-typed link.
            data = data.copy()
            data["country"] = data["country"].upper()
        super().__init__(data, **kwargs)
        self.fields["country"].choices = [("", _("All countries")), *countries]
