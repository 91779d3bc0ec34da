"""The second step of a staff sign-in: a login with a confirmed TOTP device must enter a code
before it reaches the staff area or the admin (django-otp marks the session verified)."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import user_has_device

# Pages a signed-in but not yet verified login may reach: the second step itself and sign-out.
SECOND_STEP_OPEN = ("staff:login", "staff:logout", "staff:verify")
PROTECTED_PREFIXES = ("/staff/", "/admin/")


def needs_second_step(user) -> bool:
    return user.is_authenticated and not user.is_verified() and user_has_device(user)


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith(PROTECTED_PREFIXES) and needs_second_step(request.user):
            open_paths = {reverse(name) for name in SECOND_STEP_OPEN}
            if path not in open_paths:
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('staff:verify')}?{query}")
        return self.get_response(request)
