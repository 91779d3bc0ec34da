"""The participant's search column: what staff type at the door is matched against it."""

from core.text import fold


def participant_search_text(*, full_name: str, email: str, code: str) -> str:
    """The value of Participant.search_text: one column that one LIKE query can search."""
    return " ".join(part for part in (fold(full_name), fold(email), fold(code)) if part)
