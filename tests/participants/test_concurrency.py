"""Real concurrency: threads, each with its own database connection, registering at once.

On PostgreSQL the workshop row lock serialises them; on SQLite the IMMEDIATE transaction mode
does (these tests run on a SQLite file, see tests/conftest.py, so threads share it)."""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from participants import services
from participants.models import Participant, Registration
from participants.services import ParticipantDetails
from tests.factories import WorkshopFactory

pytestmark = [
    pytest.mark.concurrency,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# PostgreSQL allows 100 connections by default, shared with anything else running: 50 threads
# (one connection each) take turns through the 200 registrations, all released at once.
THREADS = 50


def _details(email: str) -> ParticipantDetails:
    return ParticipantDetails(full_name="Concurrent Person", email=email, consent=True)


def _run_concurrently(jobs: list) -> tuple[list, list[BaseException]]:
    """Run the callables on THREADS threads that start together; results and errors."""
    threads = min(THREADS, len(jobs))
    batches = [jobs[n::threads] for n in range(threads)]
    start = threading.Barrier(threads)

    def work(batch: list) -> tuple[list, list[BaseException]]:
        results, errors = [], []
        try:
            start.wait()
            for job in batch:
                try:
                    results.append(job())
                except Exception as error:  # a database error is exactly what we look for
                    errors.append(error)
        finally:
            connection.close()  # this thread's own connection
        return results, errors

    with ThreadPoolExecutor(max_workers=threads) as pool:
        outcomes = list(pool.map(work, batches))
    return (
        [result for results, _ in outcomes for result in results],
        [error for _, errors in outcomes for error in errors],
    )


def _register(workshop, email):
    return lambda: services.registration_create(workshop=workshop, details=_details(email))


def test_200_concurrent_registrations_fill_50_seats_exactly():
    workshop = WorkshopFactory(capacity=50)
    jobs = [_register(workshop, f"person{n}@example.org") for n in range(200)]

    results, errors = _run_concurrently(jobs)

    assert errors == []
    assert len(results) == 200
    assert Counter(r.registration.status for r in results) == {"confirmed": 50, "waitlisted": 150}
    stored = Counter(
        Registration.objects.filter(workshop=workshop).values_list("status", flat=True)
    )
    assert stored == {"confirmed": 50, "waitlisted": 150}


def test_concurrent_cancellations_promote_each_waitlisted_person_once():
    workshop = WorkshopFactory(capacity=10)
    seated = [
        services.registration_create(
            workshop=workshop, details=_details(f"seated{n}@example.org")
        ).registration
        for n in range(10)
    ]
    for n in range(30):
        services.registration_create(workshop=workshop, details=_details(f"waiting{n}@example.org"))
    jobs = [lambda r=r: services.registration_cancel(registration=r) for r in seated]

    _, errors = _run_concurrently(jobs)

    assert errors == []
    stored = Counter(
        Registration.objects.filter(workshop=workshop).values_list("status", flat=True)
    )
    assert stored == {"confirmed": 10, "waitlisted": 20, "cancelled": 10}
    promoted = Registration.objects.filter(workshop=workshop, status="confirmed")
    assert sorted(r.participant.email for r in promoted) == sorted(
        f"waiting{n}@example.org" for n in range(10)
    )


def test_same_new_address_registering_everywhere_at_once_makes_one_person():
    workshops = [WorkshopFactory() for _ in range(4)]
    jobs = [_register(workshop, "Same.Person@example.org") for workshop in workshops * 5]

    results, errors = _run_concurrently(jobs)

    assert errors == []
    assert Participant.objects.count() == 1
    assert Registration.objects.count() == 4
    assert sum(result.created for result in results) == 4
