"""Staff forms that edit a text in every language: one input per language column
(`title_en`, `title_fr`...), grouped by language, the workshop's working languages first, with
a count of the texts each language still lacks (README "Content in six languages").

The grouping is plain HTML (templates/staff/partials/translated_form_fields.html: one
`<details>` per language, open for the working languages), so it works with the keyboard and
without any script."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from core.content_languages import (
    CONTENT_LANGUAGES,
    column,
    columns,
    content_language,
    language_name,
    text_direction,
)


def ordered_languages(working: list[str]) -> list[str]:
    """The working languages (as content codes) first, then the others in the usual order."""
    first = [code for code in map(content_language, working) if code]
    return list(dict.fromkeys([*first, *CONTENT_LANGUAGES]))


def translated_columns(fields: tuple[str, ...] | list[str]) -> list[str]:
    """Every language column of `fields`, for a ModelForm's Meta.fields."""
    return columns(fields)


@dataclass
class LanguageGroup:
    code: str
    name: str
    dir: str
    working: bool
    fields: list = field(default_factory=list)  # bound fields
    missing: int = 0

    @property
    def open(self) -> bool:
        return self.working or any(bound.errors for bound in self.fields)


class TranslatedFieldsMixin:
    """For a form whose `translated` fields exist once per language column. `required` names
    the texts that must exist in at least one language."""

    translated: tuple[str, ...] = ()
    required: tuple[str, ...] = ()

    def setup_languages(self, working: list[str]) -> None:
        self.working_languages = [code for code in map(content_language, working) if code]
        self.language_order = ordered_languages(working)
        for name in self.translated:
            for code in CONTENT_LANGUAGES:
                form_field = self.fields.get(column(name, code))
                if form_field is None:
                    continue
                form_field.required = False
                base_label = form_field.label.split(" [")[0] if form_field.label else name
                form_field.label = f"{base_label} ({language_name(code)})"
                form_field.widget.attrs.update({"lang": code, "dir": text_direction(code)})

    def clean(self):
        cleaned = super().clean()
        for name in self.required:
            columns = [column(name, code) for code in CONTENT_LANGUAGES]
            if not any(cleaned.get(key) for key in columns if key in self.fields):
                first = column(name, self.language_order[0])
                self.add_error(first, _("Give this text in at least one language."))
        return cleaned

    def translated_names(self) -> set[str]:
        return {column(name, code) for name in self.translated for code in CONTENT_LANGUAGES}

    @property
    def common_fields(self) -> list:
        names = self.translated_names()
        return [bound for bound in self.visible_fields() if bound.name not in names]

    @property
    def language_groups(self) -> list[LanguageGroup]:
        filled = [
            name
            for name in self.translated
            if any(self[column(name, code)].value() for code in CONTENT_LANGUAGES)
        ]
        groups = []
        for code in self.language_order:
            groups.append(
                LanguageGroup(
                    code=code,
                    name=language_name(code),
                    dir=text_direction(code),
                    working=code in self.working_languages,
                    fields=[self[column(name, code)] for name in self.translated],
                    missing=sum(1 for name in filled if not self[column(name, code)].value()),
                )
            )
        return groups

    @property
    def missing_in_working_languages(self) -> int:
        return sum(group.missing for group in self.language_groups if group.working)


def first_text(data, name: str, languages: list[str]) -> str:
    """The first non-empty `name` among the posted language columns (for a slug)."""
    for code in languages:
        value = (data or {}).get(column(name, code))
        if value:
            return value
    return ""
