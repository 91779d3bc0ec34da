"""An outage's repeated error is written once in full, then once a minute with a count."""

import json
import logging

from config.logs import CollapseRepeatsFilter, JsonFormatter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Lines(logging.Handler):
    def __init__(self, clock: Clock) -> None:
        super().__init__()
        self.lines: list[dict] = []
        self.addFilter(CollapseRepeatsFilter(clock=clock))
        self.setFormatter(JsonFormatter())

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


def _logger(clock: Clock) -> tuple[logging.Logger, Lines]:
    logger = logging.getLogger("tests.collapse")
    logger.handlers.clear()
    logger.propagate = False
    handler = Lines(clock)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return logger, handler


def _fail(logger: logging.Logger) -> None:
    try:
        raise ConnectionError("connection to server at 127.0.0.1 refused")
    except ConnectionError:
        logger.exception("Worker lost its database")


def test_identical_errors_are_written_once_then_counted_per_minute():
    clock = Clock()
    logger, handler = _logger(clock)

    for _ in range(500):
        _fail(logger)
        clock.now += 0.1  # 500 in 50 s: all in the first minute
    clock.now += 15
    _fail(logger)  # first after the minute: the count of those left out
    _fail(logger)  # new window: left out again

    assert len(handler.lines) == 2
    first, summary = handler.lines
    assert "ConnectionError: connection to server" in first["exception"]
    assert "repeated" not in first
    assert (summary["message"], summary["repeated"]) == ("Worker lost its database", 499)
    assert "exception" not in summary


def test_different_errors_and_info_lines_are_not_collapsed():
    clock = Clock()
    logger, handler = _logger(clock)

    for _ in range(3):
        logger.info("request")
    logger.error("Cache unreachable")
    logger.error("Database unreachable")

    assert [line["message"] for line in handler.lines] == [
        "request",
        "request",
        "request",
        "Cache unreachable",
        "Database unreachable",
    ]
