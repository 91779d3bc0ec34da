"""A participant's personal calendar feed, reached only through its own feed key (never the
personal link's key, which opens the pages that change and erase)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from participants import selectors
from participants.models import Participant
from workshops import calendar
from workshops.calendar_views import calendar_response


@require_safe
def personal_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """The workshops of the person's live registrations, sessions and join links included.
    An unknown or replaced feed key, a personal link key and an anonymised person are 404."""
    try:
        participant = selectors.participant_get_by_feed_token(token=token)
    except Participant.DoesNotExist:
        raise Http404 from None
    return calendar_response(
        request,
        version=selectors.personal_feed_version(participant=participant),
        build=lambda: calendar.personal_feed_ics(
            selectors.registration_list_personal_feed(participant=participant),
            name=_("My COP workshops"),
        ),
        filename="my-cop-workshops.ics",
        private=True,
    )
