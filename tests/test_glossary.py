"""The catalogues and the certificate texts use the glossary's term for every glossary entry.

`locale/glossary.yaml` holds the UN terms in the six languages; a message whose English text
contains a glossary word must, in each language, use that entry's term (one of its accepted
forms) and none of its forbidden competitors."""

import re
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
import yaml
from django.conf import settings

from certificates.texts import BUILT_IN, MESSAGE_IDS

LOCALE = Path(settings.BASE_DIR) / "locale"
GLOSSARY_PATH = LOCALE / "glossary.yaml"
# Glossary language -> catalogue folder (the certificates call Chinese "zh").
CATALOGUES = {"ar": "ar", "zh": "zh_Hans", "fr": "fr", "ru": "ru", "es": "es"}

PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|<[^>]+>")
# Harakat, superscript alef and tatweel: "أُلغيت" and "ألغيت" are the same word.
ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")


@dataclass(frozen=True)
class Rule:
    term: str
    accept: tuple[re.Pattern, ...]
    forbid: tuple[re.Pattern, ...]


@dataclass(frozen=True)
class Entry:
    id: str
    english: re.Pattern
    unless: tuple[re.Pattern, ...]
    requires: re.Pattern | None
    rules: dict[str, Rule]
    exceptions: dict[str, frozenset[str]]

    def applies_to(self, english: str) -> bool:
        text = PLACEHOLDER.sub(" ", english)
        return (
            bool(self.english.search(text))
            and not any(pattern.search(text) for pattern in self.unless)
            and (self.requires is None or bool(self.requires.search(text)))
        )


def _english_pattern(words: list[str]) -> re.Pattern:
    # "waiting list" also matches "waiting-list" and "waiting lists"; "issue" matches "issues".
    alternatives = [r"[\s-]+".join(map(re.escape, word.split())) for word in words]
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")(?:s|es)?\b", re.IGNORECASE)


def _rule(spec: dict) -> Rule:
    flags = 0 if spec.get("case_sensitive") else re.IGNORECASE
    accept = spec.get("accept") or [re.escape(spec["term"])]
    return Rule(
        term=spec["term"],
        accept=tuple(re.compile(pattern, flags) for pattern in accept),
        forbid=tuple(re.compile(pattern, flags) for pattern in spec.get("forbid", [])),
    )


def load_glossary(path: Path = GLOSSARY_PATH) -> list[Entry]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Entry(
            id=item["id"],
            english=_english_pattern(item["en"]),
            unless=tuple(re.compile(p, re.IGNORECASE) for p in item.get("en_unless", [])),
            requires=re.compile(item["en_requires"], re.IGNORECASE)
            if "en_requires" in item
            else None,
            rules={language: _rule(item[language]) for language in CATALOGUES},
            exceptions={
                language: frozenset(msgids)
                for language, msgids in (item.get("exceptions") or {}).items()
            },
        )
        for item in data["terms"]
    ]


def _normalise(text: str) -> str:
    # "%(email)s" in a French message is a placeholder, not the word the glossary forbids.
    return ARABIC_MARKS.sub("", PLACEHOLDER.sub(" ", text))


def violations(
    glossary: list[Entry],
    language: str,
    where: str,
    msgid: str,
    translations: list[str],
    *,
    english: str | None = None,
) -> list[str]:
    """What is wrong, for one message: a forbidden competitor used, or the term missing.

    `english` is the text searched for glossary words (default: the msgid; a plural entry
    passes both its English forms)."""
    found = []
    for entry in glossary:
        if not entry.applies_to(english or msgid) or msgid in entry.exceptions.get(language, ()):
            continue
        rule = entry.rules[language]
        for translation in translations:
            text = _normalise(translation)
            competitors = [m.group(0) for p in rule.forbid if (m := p.search(text))]
            if competitors:
                found.append(
                    f"{where}: msgid {msgid!r}: {entry.id!r} is {rule.term!r}, "
                    f"not {competitors[0]!r}: {translation!r}"
                )
            elif not any(pattern.search(text) for pattern in rule.accept):
                found.append(
                    f"{where}: msgid {msgid!r}: {entry.id!r} must be {rule.term!r}: {translation!r}"
                )
    return found


def _catalogue_path(language: str) -> Path:
    return LOCALE / CATALOGUES[language] / "LC_MESSAGES" / "django.po"


def _catalogue_messages(language: str):
    """(msgid, translations) of every live entry; both English forms of a plural entry count."""
    for entry in polib.pofile(str(_catalogue_path(language))):
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            translations = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
            yield entry.msgid, f"{entry.msgid} {entry.msgid_plural}", translations
        else:
            yield entry.msgid, entry.msgid, [entry.msgstr]


GLOSSARY = load_glossary()


def test_glossary_gives_every_entry_a_term_and_source_in_six_languages():
    data = yaml.safe_load(GLOSSARY_PATH.read_text(encoding="utf-8"))
    sources = set(data["sources"])
    ids = [item["id"] for item in data["terms"]]

    assert len(ids) == len(set(ids))
    for item in data["terms"]:
        assert item["en"], item["id"]
        assert item["source"] in sources, item["id"]
        for language in CATALOGUES:
            assert item[language]["term"], (item["id"], language)


@pytest.mark.parametrize("entry", GLOSSARY, ids=lambda entry: entry.id)
def test_glossary_term_matches_its_own_patterns(entry):
    for language, rule in entry.rules.items():
        term = _normalise(rule.term)
        assert any(p.search(term) for p in rule.accept), (entry.id, language)
        assert not any(p.search(term) for p in rule.forbid), (entry.id, language)


def test_glossary_exceptions_name_catalogue_entries():
    msgids = {
        language: {msgid for msgid, _, _ in _catalogue_messages(language)}
        for language in CATALOGUES
    }

    stale = [
        (entry.id, language, msgid)
        for entry in GLOSSARY
        for language, exceptions in entry.exceptions.items()
        for msgid in exceptions
        if msgid not in msgids[language]
    ]

    assert stale == []


def test_checker_reports_a_competing_term_and_a_missing_term():
    # The certificate said 研讨会 while the interface says 讲习班; a plain omission is caught too.
    competing = violations(
        GLOSSARY, "zh", "texts.py", "for attending the workshop", ["出席了以下研讨会"]
    )
    missing = violations(GLOSSARY, "ru", "django.po", "Workshops", ["Мероприятия"])
    inflected = violations(
        GLOSSARY, "ru", "django.po", "Your workshops", ["Ваши семинары-практикумы"]
    )
    placeholder_only = violations(GLOSSARY, "zh", "django.po", "See %(workshop)s", ["查看"])

    assert competing == [
        "texts.py: msgid 'for attending the workshop': 'workshop' is '讲习班', not '研讨会': "
        "'出席了以下研讨会'"
    ]
    assert missing == [
        "django.po: msgid 'Workshops': 'workshop' must be 'семинар-практикум': 'Мероприятия'"
    ]
    assert inflected == []
    assert placeholder_only == []


@pytest.mark.parametrize("language", list(CATALOGUES))
def test_catalogue_follows_glossary(language):
    path = _catalogue_path(language).relative_to(settings.BASE_DIR)

    found = [
        problem
        for msgid, english, translations in _catalogue_messages(language)
        for problem in violations(
            GLOSSARY, language, str(path), msgid, translations, english=english
        )
    ]

    assert found == [], "\n".join(found)


@pytest.mark.parametrize("language", list(CATALOGUES))
def test_certificate_texts_follow_glossary(language):
    found = [
        problem
        for key, message_id in MESSAGE_IDS.items()
        for problem in violations(
            GLOSSARY,
            language,
            f"certificates/texts.py BUILT_IN[{language!r}][{key!r}]",
            message_id,
            [BUILT_IN[language][key]],
        )
    ]

    assert found == [], "\n".join(found)


@pytest.mark.parametrize("language", list(CATALOGUES))
def test_certificate_fallbacks_agree_with_catalogue(language):
    catalogue = {msgid: translations for msgid, _, translations in _catalogue_messages(language)}

    disagreements = {
        key: (BUILT_IN[language][key], catalogue[message_id][0])
        for key, message_id in MESSAGE_IDS.items()
        if catalogue[message_id][0] != BUILT_IN[language][key]
    }

    assert disagreements == {}
