"""Text folded for matching: what staff type at the door and the headers of imported files.

Folding is NFKD, combining marks removed, then casefold: "Chloé" and "CHLOE" meet, Arabic
vowel marks and hamza seats fall away (أحمد -> احمد), Cyrillic й/ё fold to и/е, and Chinese
is left as it is (substring search works on it directly)."""

import unicodedata

ARABIC_TATWEEL = "\u0640"


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    kept = "".join(
        char for char in decomposed if not unicodedata.combining(char) and char != ARABIC_TATWEEL
    )
    return kept.casefold()
