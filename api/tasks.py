"""Background work for the API: thin tasks, ids in, one function does the work."""

from django_tasks import default_task_backend, task

from api.webhook_delivery import webhook_delivery_attempt


@task()
def deliver_webhook(delivery_id: int) -> str:
    """One try; a try that should be repeated queues the next one for when it is due (on a
    backend that can defer a task; the immediate one of the tests cannot, so a test calls the
    attempt again itself)."""
    attempt = webhook_delivery_attempt(delivery_id=delivery_id)
    if attempt.outcome == "retry" and default_task_backend.supports_defer:
        deliver_webhook.using(run_after=attempt.next_attempt_at).enqueue(delivery_id=delivery_id)
    return attempt.outcome
