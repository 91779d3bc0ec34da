"""Check-in that works offline, and name badges.

The check-in page is an installable web app: a manifest per workshop, a service worker at
/staff/sw.js (its scope, /staff/, covers every check-in page), the roster a device keeps in
IndexedDB (roster.json) and the endpoint its queue of actions syncs to (sync/). Scoped like
every staff page: another office's workshop is a 404, a viewer's change a 403."""

import json

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from attendance.badges import LAYOUTS, Badge, badges_pdf
from attendance.forms import CHECKIN_BATCH_MAX_BYTES, CheckinBatchInvalid, parse_checkin_batch
from attendance.qr_signing import public_key_json, public_keys_json, registration_qr_payload
from attendance.selectors import checkin_revoked_ids, checkin_roster, checkin_roster_expires_at
from attendance.services import apply_checkin_actions
from offices.permissions import staff_required
from participants.models import Registration
from workshops.access import workshop_for_staff

# What the service worker keeps for the check-in page to load without a network.
OFFLINE_ASSETS = (
    "css/site.css",
    "js/checkin-store.js",
    "js/checkin.js",
    "js/checkin-scan.js",
    "img/checkin-icon.svg",
    "vendor/noble-ed25519-2.3.0/index.js",
    "vendor/jsqr-1.4.0/jsQR.js",
)


@never_cache
@staff_required
def checkin_roster_json(request: HttpRequest, slug: str) -> JsonResponse:
    """Everything a device needs to check people in offline: sessions, people, the revoked
    registrations, the public keys of the QR codes (the current one as `key`, every one ever
    used as `keys`) and when to forget it all."""
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=True)
    roster = checkin_roster(workshop=workshop)
    expires_at = checkin_roster_expires_at(workshop=workshop, days=settings.CHECKIN_OFFLINE_DAYS)
    return JsonResponse(
        {
            **roster,
            "revoked": checkin_revoked_ids(workshop=workshop),
            "key": public_key_json(),
            "keys": public_keys_json(),
            "user": request.user.get_username(),
            "expires_at": expires_at.isoformat(),
            "synced_at": timezone.now().isoformat(),
            "sync_url": reverse("staff:checkin_sync", kwargs={"slug": workshop.slug}),
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _bad_batch(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400)


@require_POST
@staff_required
def checkin_sync(request: HttpRequest, slug: str) -> JsonResponse:
    """A device's queue of actions: applied once each, whatever the retries (JSON in, one
    result per action out). A malformed batch is a 400 that changes nothing."""
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=True)
    if int(request.headers.get("Content-Length") or 0) > CHECKIN_BATCH_MAX_BYTES:
        return _bad_batch(_("The batch is too large: send fewer actions at a time."))
    if request.content_type != "application/json":
        return _bad_batch(_("Send the batch as application/json."))
    try:
        device, actions = parse_checkin_batch(request.body)
    except CheckinBatchInvalid as error:
        return _bad_batch(str(error))
    results = apply_checkin_actions(
        workshop=workshop, actions=actions, actor=request.user, device_label=device
    )
    return JsonResponse(
        {
            "results": [result.as_json() for result in results],
            "synced_at": timezone.now().isoformat(),
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
@staff_required
def checkin_manifest(request: HttpRequest, slug: str) -> HttpResponse:
    """The web app manifest that makes a workshop's check-in installable on a phone."""
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=True)
    start = reverse("staff:checkin_sessions", kwargs={"slug": workshop.slug})
    manifest = {
        "name": _("Check-in: %(workshop)s") % {"workshop": workshop.title},
        "short_name": _("Check-in"),
        "start_url": start,
        "scope": "/staff/",
        "id": start,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b4f8a",
        "lang": request.LANGUAGE_CODE,
        "icons": [
            {"src": static("img/checkin-icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("img/checkin-icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/checkin-icon-512.png"), "sizes": "512x512", "type": "image/png"},
        ],
    }
    return HttpResponse(
        json.dumps(manifest, ensure_ascii=False), content_type="application/manifest+json"
    )


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, from /staff/sw.js so that its scope covers the check-in pages. It
    holds no personal data and answers signed out too (a browser checking it for updates must
    not be sent to the sign-in page). The list of files to precache is written into it, with
    their static URLs (hashed in production, so a new release is a new worker)."""
    path = finders.find("js/checkin-sw.js")
    if path is None:  # pragma: no cover - the file ships with the project
        raise Http404
    with open(path, encoding="utf-8") as source:
        script = source.read()
    assets = [static(name) for name in OFFLINE_ASSETS]
    script = script.replace("/*ASSETS*/[]", json.dumps(assets))
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/staff/"
    return response


@staff_required
def badges(request: HttpRequest, slug: str) -> HttpResponse:
    """Name badges as A4 PDF: every confirmed person, or one (`?registration=<id>`, for a
    walk-in); `?layout=sheet` (2 x 4 with cut marks, the default) or `labels` (8-up labels)."""
    workshop = workshop_for_staff(request.staff_access, slug=slug)
    layout = request.GET.get("layout", "sheet")
    if layout not in LAYOUTS:
        return HttpResponse(
            _("Unknown layout: choose sheet or labels."), status=400, content_type="text/plain"
        )
    registrations = workshop.registrations.select_related("participant").order_by(
        "participant__full_name", "pk"
    )
    single = request.GET.get("registration")
    if single is not None:
        if not single.isdigit():
            raise Http404
        registrations = [
            get_object_or_404(registrations, pk=int(single), status__in=Registration.LIVE_STATUSES)
        ]
    else:
        registrations = registrations.filter(status=Registration.Status.CONFIRMED)
    people = [
        Badge(
            full_name=registration.participant.full_name,
            organisation=registration.participant.organisation,
            country=registration.participant.country.name
            if registration.participant.country
            else "",
            code=registration.participant.code,
            qr_payload=registration_qr_payload(registration),
        )
        for registration in registrations
    ]
    pdf = badges_pdf(
        workshop=workshop, badges=people, layout=layout, language=request.LANGUAGE_CODE
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="badges-{workshop.slug}.pdf"'
    return response
