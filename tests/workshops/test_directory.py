"""The staff area's partners directory and national work: services and pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from offices.models import StaffMembership
from tests.factories import NationalActivityFactory, PartnerFactory, RegionalOfficeFactory
from workshops import directory_services as services
from workshops.models import NationalActivity, Partner

pytestmark = pytest.mark.django_db

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PARTNER_FORM = {
    "name_en": "Child Helpline Network",
    "acronym": "CHN",
    "slug": "chn",
    "kind": "civil_society",
}
ACTIVITY_FORM = {
    "country": "VU",
    "kind": "guidelines",
    "title_en": "Vanuatu COP guidelines",
    "year": "2024",
}


# Services -------------------------------------------------------------------------------------


def test_partner_save_stores_a_png_logo_and_keeps_history():
    partner = services.partner_save(
        partner=Partner(),
        fields={"name": "Helpline", "slug": "helpline", "kind": "civil_society"},
        logo=SimpleUploadedFile("logo.png", PNG_BYTES),
    )

    assert partner.logo.name == "partners/logo.png"
    assert partner.history.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.svg", b"<svg onload='alert(1)'></svg>", "SVG"),
        ("logo.png", b"<html><script>alert(1)</script></html>", "HTML"),
        ("logo.pdf", b"%PDF-1.7\n" + b"0" * 20, "A logo must be a PNG or JPEG image."),
    ],
)
def test_partner_save_refuses_a_logo_that_is_not_png_or_jpeg(name, content, message):
    partner = PartnerFactory(name="Before")

    with pytest.raises(services.DirectoryError, match=message):
        services.partner_save(
            partner=partner, fields={"name": "After"}, logo=SimpleUploadedFile(name, content)
        )

    partner.refresh_from_db()
    assert (partner.name, partner.logo.name) == ("Before", "")


def test_national_activity_save_gives_a_new_one_the_office(office):
    activity = services.national_activity_save(
        activity=NationalActivity(),
        fields={"country": "VU", "kind": "guidelines", "title": "Guidelines"},
        office=office,
    )

    assert (activity.office, activity.country.code) == (office, "VU")


def test_national_activity_save_refuses_an_unknown_kind(office):
    with pytest.raises(services.DirectoryError):
        services.national_activity_save(
            activity=NationalActivity(),
            fields={"country": "VU", "kind": "nonsense", "title": "Guidelines"},
            office=office,
        )

    assert NationalActivity.objects.count() == 0


# Partner pages --------------------------------------------------------------------------------


def test_partner_list_searches_by_name_and_acronym(viewer_client):
    PartnerFactory(name="Child Helpline Network", acronym="CHN")
    PartnerFactory(name="Telecom Union", acronym="TU")

    response = viewer_client.get(reverse("staff:partner_list"), {"q": "helpline"})

    assert response.status_code == 200
    assert [p.name for p in response.context["partners"]] == ["Child Helpline Network"]


def test_partner_create_by_office_staff_with_a_logo(staff_client):
    logo = SimpleUploadedFile("chn.png", PNG_BYTES)

    response = staff_client.post(
        reverse("staff:partner_create"), {**PARTNER_FORM, "logo_upload": logo}
    )

    assert response.status_code == 302
    assert Partner.objects.get(slug="chn").logo.name == "partners/chn.png"


def test_partner_edit_by_staff_of_any_office_is_recorded(staff_client):
    partner = PartnerFactory(name="Old name", slug="chn")

    response = staff_client.post(reverse("staff:partner_edit", args=["chn"]), PARTNER_FORM)

    partner.refresh_from_db()
    assert response.status_code == 302
    assert partner.name == "Child Helpline Network"
    assert [h.name for h in partner.history.order_by("history_date")] == [
        "Old name",
        "Child Helpline Network",
    ]


def test_partner_create_with_a_script_as_logo_is_refused_and_saves_nothing(staff_client):
    logo = SimpleUploadedFile("chn.png", b"<script>alert(1)</script>")

    response = staff_client.post(
        reverse("staff:partner_create"), {**PARTNER_FORM, "logo_upload": logo}
    )

    assert response.status_code == 400
    assert Partner.objects.count() == 0


@pytest.mark.parametrize(
    "role", [StaffMembership.Role.OFFICE_VIEWER, StaffMembership.Role.HEADQUARTERS]
)
def test_partner_pages_refuse_changes_from_read_only_roles(staff_client_for, office, role):
    client = staff_client_for(role, office)
    partner = PartnerFactory(name="Unchanged", slug="chn")

    created = client.post(reverse("staff:partner_create"), {**PARTNER_FORM, "slug": "new"})
    edited = client.post(reverse("staff:partner_edit", args=["chn"]), PARTNER_FORM)
    page = client.get(reverse("staff:partner_edit", args=["chn"]))

    partner.refresh_from_db()
    assert (created.status_code, edited.status_code, page.status_code) == (403, 403, 200)
    assert (Partner.objects.count(), partner.name) == (1, "Unchanged")


# National work pages --------------------------------------------------------------------------


def test_national_work_list_holds_the_own_office_only(staff_client, office):
    NationalActivityFactory(office=office, title="Ours")
    NationalActivityFactory(office=RegionalOfficeFactory(slug="cairo"), title="Cairo's")

    response = staff_client.get(reverse("staff:national_work_list"))

    assert [a.title for a in response.context["activities"]] == ["Ours"]


def test_national_work_create_belongs_to_the_own_office(staff_client, office):
    response = staff_client.post(reverse("staff:national_work_create"), ACTIVITY_FORM)

    assert response.status_code == 302
    assert NationalActivity.objects.get().office == office


def test_national_work_create_with_bad_input_is_400_and_saves_nothing(staff_client):
    response = staff_client.post(
        reverse("staff:national_work_create"), {**ACTIVITY_FORM, "country": "XX", "year": "1200"}
    )

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"country", "year"}
    assert NationalActivity.objects.count() == 0


def test_national_work_edit_and_delete_of_another_office_is_404(staff_client):
    theirs = NationalActivityFactory(office=RegionalOfficeFactory(slug="cairo"), title="Cairo's")

    edited = staff_client.post(reverse("staff:national_work_edit", args=[theirs.pk]), ACTIVITY_FORM)
    deleted = staff_client.post(reverse("staff:national_work_delete", args=[theirs.pk]))

    theirs.refresh_from_db()
    assert (edited.status_code, deleted.status_code, theirs.title) == (404, 404, "Cairo's")


def test_national_work_viewer_reads_but_gets_403_on_changes(viewer_client, office):
    ours = NationalActivityFactory(office=office, title="Ours")

    page = viewer_client.get(reverse("staff:national_work_edit", args=[ours.pk]))
    created = viewer_client.post(reverse("staff:national_work_create"), ACTIVITY_FORM)
    edited = viewer_client.post(reverse("staff:national_work_edit", args=[ours.pk]), ACTIVITY_FORM)
    deleted = viewer_client.post(reverse("staff:national_work_delete", args=[ours.pk]))

    ours.refresh_from_db()
    assert (page.status_code, created.status_code, edited.status_code, deleted.status_code) == (
        200,
        403,
        403,
        403,
    )
    assert (NationalActivity.objects.count(), ours.title) == (1, "Ours")


def test_national_work_delete_by_office_staff(staff_client, office):
    ours = NationalActivityFactory(office=office)

    response = staff_client.post(reverse("staff:national_work_delete", args=[ours.pk]))

    assert response.status_code == 302
    assert NationalActivity.objects.count() == 0


def test_national_work_headquarters_reads_every_office_and_changes_nothing(hq_client, office):
    ours = NationalActivityFactory(office=office, title="Bangkok's")
    NationalActivityFactory(office=RegionalOfficeFactory(slug="cairo"), title="Cairo's")

    listing = hq_client.get(reverse("staff:national_work_list"))
    edited = hq_client.post(reverse("staff:national_work_edit", args=[ours.pk]), ACTIVITY_FORM)

    assert sorted(a.title for a in listing.context["activities"]) == ["Bangkok's", "Cairo's"]
    assert edited.status_code == 403


def test_partner_list_queries_do_not_grow_with_rows(viewer_client, assert_queries_do_not_grow):
    response = assert_queries_do_not_grow(
        lambda: viewer_client.get(reverse("staff:partner_list")), add_row=PartnerFactory
    )

    assert response.status_code == 200


def test_national_work_list_queries_do_not_grow_with_rows(
    staff_client, office, assert_queries_do_not_grow
):
    response = assert_queries_do_not_grow(
        lambda: staff_client.get(reverse("staff:national_work_list")),
        add_row=lambda: NationalActivityFactory(office=office),
    )

    assert response.status_code == 200
