"""An RQ worker that sits out Redis outages (`manage.py rq_worker`, for TASKS_BACKEND=rq).

RQ (3.0) waits out a lost connection only while it waits for a job, logging an error per try;
a Redis error anywhere else (registering the worker, checking for suspension, its registry
maintenance, its heartbeat, between jobs) ends its work loop, with a traceback. Here every
Redis connection or timeout error of the worker process ends the work loop quietly instead;
`rq_work` then waits for Redis (`outage_wait`: one line when it goes, one when it is back, a
capped exponential backoff between), marks the old registration dead and starts a fresh
worker. A job running in its work horse (a child process) when Redis goes away is left to
finish: the worker stops only once the horse is done.
"""

import contextlib
import logging
import signal
import threading
import time
from collections.abc import Callable
from typing import Any

import redis
from django_rq.connection_utils import get_connection
from django_rq.queues import DjangoRQ
from django_rq.workers import get_worker
from redis.backoff import NoBackoff
from redis.retry import Retry
from rq.exceptions import StopRequested
from rq.worker import Worker as RQWorker

from core.workers import outage_wait

logger = logging.getLogger(__name__)

# What a Redis that went away, or stopped answering, raises.
REDIS_DOWN = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


class RedisLost(StopRequested):
    """Ends RQ's work loop like a stop request: quietly, without RQ's own error log (RQ's loop
    re-raises only SystemExit and logs every other exception with a traceback)."""


def _ends_the_loop(method: Callable) -> Callable:
    """`method`, its Redis errors ending the work loop quietly (Worker.lost)."""

    def wrapper(self: "Worker", *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except REDIS_DOWN as error:
            raise self.lost(error) from error

    wrapper.__name__ = method.__name__
    wrapper.__doc__ = method.__doc__
    return wrapper


class Queue(DjangoRQ):
    @classmethod
    def dequeue_any(cls, *args: Any, **kwargs: Any) -> Any:
        # RQ retries a failed dequeue in place, one error line per try, without end; this
        # error is not one its retry catches, so the work loop ends instead (the worker's
        # dequeue_job_and_maintain_ttl notes why).
        try:
            return super().dequeue_any(*args, **kwargs)
        except REDIS_DOWN as error:
            raise RedisLost(str(error)) from error


class Worker(RQWorker):
    """RQ's forking worker, whose Redis errors end its loop quietly; `redis_lost` says which
    error did. In its work horse (the child running a job) Redis errors stay RQ's."""

    redis_lost: BaseException | None = None
    stop_event: threading.Event | None = None

    def lost(self, error: BaseException) -> BaseException:
        """What to raise for a Redis error: RedisLost in the worker, the error in a horse."""
        if self.is_horse:
            return error
        self.redis_lost = self.redis_lost or error
        return RedisLost(str(error))

    check_for_suspension = _ends_the_loop(RQWorker.check_for_suspension)
    run_maintenance_tasks = _ends_the_loop(RQWorker.run_maintenance_tasks)
    execute_job = _ends_the_loop(RQWorker.execute_job)
    set_state = _ends_the_loop(RQWorker.set_state)

    def dequeue_job_and_maintain_ttl(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().dequeue_job_and_maintain_ttl(*args, **kwargs)
        except RedisLost as lost:  # from Queue.dequeue_any
            if lost.__cause__ is not None:
                self.lost(lost.__cause__)
            raise
        except REDIS_DOWN as error:
            raise self.lost(error) from error

    def heartbeat(self, *args: Any, **kwargs: Any) -> None:
        try:
            super().heartbeat(*args, **kwargs)
        except REDIS_DOWN as error:
            if self.horse_pid:  # a job runs: let it finish; the loop notices Redis after it
                logger.debug("RQ worker heartbeat not written: %s", error)
                return
            raise self.lost(error) from error

    def maintain_heartbeats(self, *args: Any, **kwargs: Any) -> None:
        try:
            super().maintain_heartbeats(*args, **kwargs)
        except REDIS_DOWN as error:  # while a job runs: let it finish (above)
            logger.debug("RQ job heartbeat not written: %s", error)

    def set_shutdown_requested_date(self) -> None:
        # Called from the SIGTERM handler while a job runs: Redis away must not stop the stop.
        with contextlib.suppress(*REDIS_DOWN):
            super().set_shutdown_requested_date()

    def _pubsub_exception_handler(self, exc: Exception, pubsub: Any, pubsub_thread: Any) -> None:
        # The thread listening for `rq` commands sent to this worker meets the same outage:
        # RQ logs an error for each of its tries; the main loop reports the outage once.
        if isinstance(exc, redis.exceptions.ConnectionError):
            logger.debug("RQ worker's command channel: %s", exc)
            time.sleep(2.0)
            return
        super()._pubsub_exception_handler(exc, pubsub, pubsub_thread)

    def _install_signal_handlers(self) -> None:
        super()._install_signal_handlers()
        if self.stop_event is not None and self.stop_event.is_set():
            self._stop_requested = True  # asked for before RQ's handlers were in place

    def teardown(self) -> None:
        if self.redis_lost is None:
            try:
                super().teardown()
                return
            except REDIS_DOWN:
                pass  # lost at the very end; the registration expires by itself
        # Redis away: nothing can be told to it. Stop listening for commands; the
        # registration is marked dead once Redis is back (rq_work).
        if self.pubsub_thread is not None:
            self.pubsub_thread.stop()
            self.pubsub_thread.join(timeout=1)
            with contextlib.suppress(*REDIS_DOWN):
                self.pubsub.close()
            self.pubsub_thread = None


def _redis_probe(connection: redis.Redis) -> Callable[[], object]:
    """A PING on a connection of its own that does not retry (redis-py retries each command
    up to ten times) and gives up after 5 s (a lost network would otherwise hang it)."""
    kwargs = {
        **connection.connection_pool.connection_kwargs,
        "retry": Retry(NoBackoff(), 0),
        "socket_connect_timeout": 5,
        "socket_timeout": 5,
    }

    def probe() -> object:
        pool = redis.ConnectionPool(
            connection_class=connection.connection_pool.connection_class, **kwargs
        )
        client = redis.Redis(connection_pool=pool)
        try:
            return client.ping()
        finally:
            client.close()
            pool.disconnect()

    return probe


def stop_on_signals(stop: threading.Event) -> None:
    """SIGTERM and SIGINT set `stop` (outside RQ's work loop, which installs its own)."""

    def handler(signum: int, frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


def rq_work(
    *queue_names: str,
    stop: threading.Event,
    burst: bool = False,
    name: str | None = None,
    logging_level: str = "INFO",
    max_pause: float = 10.0,
) -> None:
    """Run an RQ worker on `queue_names` until it stops on request (SIGTERM, SIGINT, `stop`),
    or, with `burst`, until the queues are empty; sit out every Redis outage meanwhile."""
    queue_names = queue_names or ("default",)
    stop_on_signals(stop)
    previous: Worker | None = None
    while not stop.is_set():
        worker: Worker | None = None
        try:
            if previous is not None:  # its registration, left behind when Redis went away
                previous.register_death()
                previous = None
            worker = get_worker(*queue_names, worker_class=Worker, queue_class=Queue, name=name)
            worker.stop_event = stop
            worker.work(burst=burst, logging_level=logging_level)
            lost = worker.redis_lost
        except RedisLost:  # registering the worker (before RQ's loop)
            lost = worker.redis_lost if worker is not None else None
        except REDIS_DOWN as error:  # creating or registering the worker
            lost = error
        except StopRequested:  # SIGTERM while RQ's handlers were in place, outside its loop
            lost = None
        stop_on_signals(stop)  # RQ's handlers belong to its loop, which has ended
        if lost is None:
            return
        if worker is not None and worker.birth_date is not None:
            previous = worker
        probe = _redis_probe(get_connection(queue_names[0]))
        lasted = outage_wait(
            "Redis", lost, probe=probe, down=REDIS_DOWN, max_pause=max_pause, stop=stop
        )
        if lasted is None:
            return
