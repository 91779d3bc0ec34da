"""Writes for staff logins: their role and office, and their TOTP second factor."""

from django.contrib.auth.models import Group
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from offices.models import RegionalOffice, StaffMembership
from offices.permissions import ROLE_GROUPS


def staff_membership_save(*, user, role: str, office: RegionalOffice | None) -> StaffMembership:
    """Give a login its staff role: the membership (what offices.permissions reads), the
    admin flag, and the role's group (its Django model permissions), all together."""
    with transaction.atomic():
        membership, _created = StaffMembership.objects.update_or_create(
            user=user, defaults={"role": role, "office": office}
        )
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        role_groups = Group.objects.filter(name__in=ROLE_GROUPS.values())
        user.groups.remove(*role_groups.exclude(name=ROLE_GROUPS[role]))
        user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
    return membership


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
