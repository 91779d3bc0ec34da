"""Test-only tasks: small enough that a worker's result says only whether the plumbing works."""

from django_tasks import task


@task()
def add_numbers(a: int, b: int) -> int:
    return a + b


@task()
def always_fails() -> None:
    raise ValueError("this task fails on purpose")
