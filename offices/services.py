"""Writes for staff logins: their role and office, and their TOTP second factor."""

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from offices.models import RegionalOffice, StaffMembership


def staff_membership_save(*, user, role: str, office: RegionalOffice | None) -> StaffMembership:
    """Give a login its staff role and office: the membership is all offices.permissions reads.
    No admin flag and no group: office roles work in the staff area only (the admin is for
    superusers, core.admin_site)."""
    membership, _created = StaffMembership.objects.update_or_create(
        user=user, defaults={"role": role, "office": office}
    )
    return membership


def staff_membership_delete(*, membership: StaffMembership) -> None:
    """Take a login's staff role away, together with what older versions gave with it: the
    admin flag and the role groups (any group, since groups only carry admin permissions,
    which no one but a superuser uses). A superuser keeps both."""
    user = membership.user
    with transaction.atomic():
        membership.delete()
        if not user.is_superuser:
            if user.is_staff:
                user.is_staff = False
                user.save(update_fields=["is_staff"])
            user.groups.clear()


# The TOTP second factor (django-otp) ----------------------------------------------------------


def totp_device_for(*, user) -> TOTPDevice:
    """The user's TOTP device: the confirmed one, or an unconfirmed one waiting to be scanned."""
    device = TOTPDevice.objects.filter(user=user).order_by("-confirmed", "pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def totp_device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Turn the second step on when the code typed matches the scanned key."""
    if device.confirmed or not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


def totp_device_remove(*, user, token: str) -> bool:
    """Turn the second step off; a current code is asked for, so a session left open on a
    shared computer cannot do it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None or not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=user).delete()
    return True
