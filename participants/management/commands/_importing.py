"""What the import commands share: finding the workshop, reading the file, printing a report."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.importing import ImportReport
from workshops.models import Workshop


def workshop_by_slug(slug: str) -> Workshop:
    workshop = Workshop.objects.filter(slug=slug).first()
    if workshop is None:
        raise CommandError(f"No workshop with the slug “{slug}”.")
    return workshop


def read_input_file(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}.") from None


def print_report(command: BaseCommand, report: ImportReport, *, dry_run: bool) -> None:
    """Every problem with its row number, the totals, then a non-zero exit on any error."""
    out = command.stdout
    for error in report.file_errors:
        out.write(command.style.ERROR(f"error: {error}"))
    if report.session is not None:
        out.write(f"session: {report.session.title}")
    if report.unknown_columns:
        out.write(command.style.WARNING("unknown columns: " + ", ".join(report.unknown_columns)))
    for row in report.rows:
        if row.action == "error":
            out.write(command.style.ERROR(f"row {row.row}: {row.detail} ({row.email or row.name})"))
        elif row.action == "skipped":
            out.write(f"row {row.row}: skipped, {row.detail} ({row.email or row.name})")
    for row in report.unmatched:
        who = f"{row.name} <{row.email}>" if row.email else row.name
        out.write(f"row {row.row}: not matched, {row.detail}: {who}")
    for warning in report.warnings:
        out.write(command.style.WARNING(f"warning: {warning}"))
    if report.file_errors:
        raise CommandError("Nothing imported: the file cannot be read.")
    totals = ", ".join(f"{count} {action}" for action, count in report.counts.items())
    if report.has_errors:
        raise CommandError(f"Nothing imported: {len(report.errors)} row(s) with errors ({totals}).")
    verb = "Would import" if dry_run else "Imported"
    out.write(command.style.SUCCESS(f"{verb}: {totals}."))
