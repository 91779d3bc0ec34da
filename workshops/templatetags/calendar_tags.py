"""Links to calendar feeds, for templates/partials/calendar_links.html."""

from django import template
from django.urls import reverse

from workshops import calendar
from workshops.models import Workshop

register = template.Library()


@register.simple_tag
def workshop_calendar_links(workshop: Workshop) -> dict[str, str]:
    """{% workshop_calendar_links workshop as links %}: the workshop's own feed."""
    feed_path = reverse("workshops:workshop_calendar", kwargs={"slug": workshop.slug})
    return calendar.calendar_links(feed_path=feed_path, workshop=workshop)


@register.simple_tag
def personal_calendar_links(feed_token: str) -> dict[str, str]:
    """{% personal_calendar_links registration.feed_token as links %}: the person's own feed,
    under its feed key (these links go to calendar apps and Google: never the personal key)."""
    feed_path = reverse("me:calendar", kwargs={"token": feed_token})
    return calendar.calendar_links(feed_path=feed_path)
