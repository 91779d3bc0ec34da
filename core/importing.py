"""What every import shares: the report of what it did or would do, row by row (spreadsheet
row numbers), and the uploaded file kept on the server between preview and confirmation.

An import runs inside one transaction and rolls it back for a preview (dry run) or when any
row has an error (`import_finish`), so a file is applied entirely or not at all, and the
preview shows exactly what the confirmation would do."""

import contextlib
import datetime as dt
import re
import secrets
from collections import Counter
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.storage import private_storage
from core.tabular import ImportFileError


class Action:
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"
    ERROR = "error"


# What the preview table says for each action (true both before and after the import runs).
ACTION_LABELS = {
    Action.CREATED: gettext_lazy("new"),
    Action.UPDATED: gettext_lazy("changed"),
    Action.UNCHANGED: gettext_lazy("unchanged"),
    Action.SKIPPED: gettext_lazy("skipped"),
    Action.ERROR: gettext_lazy("error"),
}


@dataclass
class RowOutcome:
    row: int
    action: str
    name: str = ""
    email: str = ""
    detail: str = ""

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS[self.action])


@dataclass
class ImportReport:
    """What an import did or would do, row by row, with spreadsheet row numbers."""

    kind: str
    file_errors: list[str] = field(default_factory=list)
    rows: list[RowOutcome] = field(default_factory=list)
    unmatched: list[RowOutcome] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    header_row: int | None = None
    session: object | None = None  # the session an attendance import recorded
    applied: bool = False

    @property
    def errors(self) -> list[RowOutcome]:
        return [row for row in self.rows if row.action == Action.ERROR]

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors or self.errors)

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(row.action for row in self.rows)
        return {
            action: counted.get(action, 0)
            for action in (
                Action.CREATED,
                Action.UPDATED,
                Action.UNCHANGED,
                Action.SKIPPED,
                Action.ERROR,
            )
        }

    @property
    def changes(self) -> int:
        counts = self.counts
        return counts[Action.CREATED] + counts[Action.UPDATED]


def import_finish(report: ImportReport, *, dry_run: bool) -> None:
    """Inside the import's transaction: keep the writes only for a clean, confirmed import."""
    if dry_run or report.has_errors:
        transaction.set_rollback(True)
    else:
        report.applied = True


# An uploaded file waiting between preview and confirmation. It holds names and e-mails, so it
# lives in the private storage (never served by the web server), and the periodic clean-up
# deletes abandoned ones (`upload_purge_stale`), whoever uploaded them.

STASH_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
STASH_FOLDER = "imports"
STASH_SUFFIX = ".upload"


def _stash_name(token: str) -> str:
    if not STASH_TOKEN.match(token):
        raise ImportFileError(_("This import has expired; upload the file again."))
    return f"{STASH_FOLDER}/{token}{STASH_SUFFIX}"


def upload_stash(data: bytes) -> str:
    """Keep the uploaded bytes in the private storage under an unguessable name; return the
    name.

    The confirmation reads this copy, never one sent back by the browser; the caller ties
    the token to the uploader (their session) and to the workshop."""
    token = secrets.token_urlsafe(24)
    private_storage().save(_stash_name(token), ContentFile(data))
    return token


def upload_unstash(token: str) -> bytes:
    name = _stash_name(token)
    try:
        with private_storage().open(name, "rb") as stashed:
            return stashed.read()
    except FileNotFoundError:
        raise ImportFileError(_("This import has expired; upload the file again.")) from None


def upload_discard(token: str) -> None:
    with contextlib.suppress(ImportFileError, FileNotFoundError):
        private_storage().delete(_stash_name(token))


def upload_purge_stale(*, max_age_seconds: int, dry_run: bool = False) -> list[str]:
    """Delete the stashed uploads older than `max_age_seconds` (previews nobody confirmed),
    whoever uploaded them; return their names. With dry_run, only name them."""
    storage = private_storage()
    try:
        _folders, files = storage.listdir(STASH_FOLDER)
    except FileNotFoundError:
        return []
    cutoff = timezone.now() - dt.timedelta(seconds=max_age_seconds)
    stale = []
    for filename in files:
        if not filename.endswith(STASH_SUFFIX):
            continue
        name = f"{STASH_FOLDER}/{filename}"
        with contextlib.suppress(FileNotFoundError):
            if storage.get_modified_time(name) < cutoff:
                stale.append(name)
                if not dry_run:
                    storage.delete(name)
    return stale


def validate_import_size(upload) -> None:
    """An import form's check of its file: a ValidationError over IMPORT_MAX_BYTES."""
    if upload.size > settings.IMPORT_MAX_BYTES:
        raise forms.ValidationError(
            _("The file is %(size)s MB; files up to %(limit)s MB can be imported."),
            params={
                "size": round(upload.size / 1_048_576, 1),
                "limit": round(settings.IMPORT_MAX_BYTES / 1_048_576, 1),
            },
        )
