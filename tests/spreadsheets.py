"""Spreadsheets built in memory for the import tests."""

import io

from openpyxl import Workbook


def xlsx_bytes(rows: list[list], *, title: str = "Participants") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
