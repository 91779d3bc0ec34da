"""The learning results as a download (core.exporting's shape): the tables of the results
page, one row each, with the same small-group rule (no person's score)."""

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exporting import Exporter
from learning.results import LearningResults, Shown
from workshops.models import Workshop


def _value(shown: Shown, digits: int = 1) -> object:
    return "" if shown.value is None else round(shown.value, digits)


class LearningResultsExporter(Exporter):
    identifier = "learning"
    verbose_name = gettext_lazy("Knowledge checks and evaluation results")
    sheet_title = gettext_lazy("Learning")

    def __init__(self, *, workshop: Workshop, results: LearningResults):
        self.workshop = workshop
        self.results = results

    def filename(self, fmt: str) -> str:
        return f"learning-{self.workshop.slug}.{fmt}"

    def rows(self) -> tuple[list[str], Iterator[list]]:
        header = [_("Section"), _("Item"), _("Detail"), _("Answers"), _("Value")]
        return header, self._rows()

    def _rows(self) -> Iterator[list]:
        results = self.results
        for rate in results.rates:
            yield [
                _("Response rate"),
                rate.label,
                f"{rate.answered}/{rate.expected}",
                rate.answered,
                rate.percent,
            ]
        for label, shown in (
            (_("Mean pre-test score (%)"), results.pre),
            (_("Mean post-test score (%)"), results.post),
        ):
            yield [_("Scores"), label, "", shown.count_shown, _value(shown)]
        yield [
            _("Scores"),
            _("Mean normalised gain"),
            "",
            results.gain.count_shown,
            _value(results.gain, 2),
        ]
        for label, shown, _count in results.gain_bins:
            yield [_("Gain distribution"), label, "", shown, ""]
        for row in results.questions:
            yield [
                _("Correct before (%)"),
                f"{row.position}. {row.text}",
                "",
                row.pre.count_shown,
                _value(row.pre),
            ]
            yield [
                _("Correct after (%)"),
                f"{row.position}. {row.text}",
                "",
                row.post.count_shown,
                _value(row.post),
            ]
        for row in results.evaluation:
            distribution = " / ".join(str(count) for count in row.distribution)
            yield [
                _("Evaluation (mean of 1-5)"),
                row.question,
                f"{row.session}: {distribution}",
                row.answers.count_shown,
                _value(row.answers, 2),
            ]
        for row in results.choices:
            distribution = " / ".join(str(count) for count in row.distribution)
            yield [
                _("Evaluation (choices)"),
                row.question,
                f"{row.session}: {distribution}",
                row.answers.count_shown,
                "",
            ]
        for name, text in results.texts:
            yield [_("Evaluation (comments)"), name, text, "", ""]
