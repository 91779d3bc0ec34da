from django.urls import reverse

from core.reversing import reverse_for_each


def test_each_address_is_the_one_reverse_gives():
    ids = [1, 42, 987654321, 12345678901]

    addresses = reverse_for_each("staff:registration_attendance", args=["slug-987654321"], ids=ids)

    assert addresses == {
        row_id: reverse("staff:registration_attendance", args=["slug-987654321", row_id])
        for row_id in ids
    }
