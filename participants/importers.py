"""Importing a participant list into a workshop, the same for the staff area, the admin and
`import_participants` (core.importing says how every import runs)."""

from dataclasses import dataclass

import tablib
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.results import RowResult

from core.importing import Action, ImportReport, RowOutcome, import_finish
from core.tabular import (
    ImportFileError,
    Table,
    find_records,
    read_table,
)
from participants.models import Registration
from participants.resources import ParticipantImportResource
from workshops.models import Workshop

ROW_TYPE_ACTIONS = {
    RowResult.IMPORT_TYPE_NEW: Action.CREATED,
    RowResult.IMPORT_TYPE_UPDATE: Action.UPDATED,
    RowResult.IMPORT_TYPE_SKIP: Action.UNCHANGED,
    RowResult.IMPORT_TYPE_INVALID: Action.ERROR,
    RowResult.IMPORT_TYPE_ERROR: Action.ERROR,
}

# A row's result speaks of this workshop's registrations only, never of whether the person
# was known before: an address registered elsewhere looks exactly like a new one.
REGISTRATION_LABELS = {
    Action.CREATED: gettext_lazy("new registration"),
    Action.UPDATED: gettext_lazy("registration confirmed"),
    Action.UNCHANGED: gettext_lazy("already registered (unchanged)"),
    Action.ERROR: gettext_lazy("error"),
}


@dataclass
class RegistrationRowOutcome(RowOutcome):
    @property
    def action_label(self) -> str:
        return str(REGISTRATION_LABELS[self.action])


def participant_table_dataset(table: Table) -> tuple[tablib.Dataset, list[int], list[str], int]:
    """The table as the Resource's dataset (canonical column names), with each data row's
    spreadsheet row number, the unknown columns and the header's row number."""
    columns = ParticipantImportResource.columns()
    records = find_records(table, columns)
    labels = {column.key: column.label for column in columns}
    present = [column.key for column in columns if column.key in records.columns]
    dataset = tablib.Dataset(headers=[labels[key] for key in present])
    for _number, record in records.rows:
        dataset.append([record[key] for key in present])
    numbers = [number for number, _record in records.rows]
    return dataset, numbers, records.unknown_columns, records.header_row


def participant_list_import(
    *, workshop: Workshop, data: bytes, by: AbstractBaseUser | None, dry_run: bool
) -> ImportReport:
    """Read a participant list and, unless dry_run or any row is wrong, apply all of it."""
    report = ImportReport(kind="participants")
    try:
        dataset, numbers, report.unknown_columns, report.header_row = participant_table_dataset(
            read_table(data)
        )
    except ImportFileError as error:
        report.file_errors.append(str(error))
        return report
    if not len(dataset):
        report.file_errors.append(_("The file has a header row but no participants under it."))
        return report
    labels = {
        field.attribute: str(field.column_name)
        for field in ParticipantImportResource().fields.values()
    }
    resource = ParticipantImportResource(workshop=workshop)
    with transaction.atomic():
        result = resource.import_data(
            dataset,
            dry_run=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
            user=by,
        )
        for number, row_result, values in zip(numbers, result.rows, dataset.dict, strict=True):
            report.rows.append(
                RegistrationRowOutcome(
                    row=number,
                    action=ROW_TYPE_ACTIONS[row_result.import_type],
                    name=values.get("Full name", ""),
                    email=values.get("Email", ""),
                    detail=_row_error_text(row_result, labels),
                )
            )
        report.warnings.extend(_capacity_warnings(workshop))
        import_finish(report, dry_run=dry_run)
    return report


def _row_error_text(row_result: RowResult, labels: dict[str, str]) -> str:
    if row_result.validation_error is not None:
        error = row_result.validation_error
        by_field = getattr(error, "message_dict", {NON_FIELD_ERRORS: error.messages})
        return " ".join(
            " ".join(messages)
            if name == NON_FIELD_ERRORS
            else f"{labels.get(name, name)}: {' '.join(messages)}"
            for name, messages in by_field.items()
        )
    if row_result.errors:
        return "; ".join(str(error.error) for error in row_result.errors)
    return ""


def _capacity_warnings(workshop: Workshop) -> list[str]:
    if workshop.capacity is None:
        return []
    confirmed = workshop.registrations.filter(status=Registration.Status.CONFIRMED).count()
    if confirmed <= workshop.capacity:
        return []
    return [
        _(
            "After this import %(confirmed)s people are confirmed for %(capacity)s seats: "
            "people imported by staff are confirmed even past the capacity."
        )
        % {"confirmed": confirmed, "capacity": workshop.capacity}
    ]
