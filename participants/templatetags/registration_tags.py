from django import template

from participants import selectors
from workshops.models import Workshop

register = template.Library()


@register.simple_tag
def registration_window(workshop: Workshop) -> str:
    """“open”, “not_yet_open”, “closed”, “cancelled” or “not_published”."""
    return selectors.workshop_registration_window(workshop=workshop).value


@register.simple_tag
def staff_registration_lists(workshop: Workshop) -> selectors.StaffRegistrationLists:
    return selectors.registration_lists_for_staff(workshop=workshop)


@register.simple_tag
def workshop_erasure_requests(workshop: Workshop) -> list:
    """Pending erasure requests of this workshop's participants (the staff page's section)."""
    return list(
        selectors.erasure_requests_for_office(workshops=Workshop.objects.filter(pk=workshop.pk))
    )
