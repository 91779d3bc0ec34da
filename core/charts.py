"""A horizontal bar chart as plain geometry, drawn as SVG by a template
(templates/staff/reports/bar_chart.svg): no JavaScript, no chart library. Every chart is shown
beside a table of the same numbers, which is what screen readers read."""

from dataclasses import dataclass

BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 220
PLOT_WIDTH = 360
VALUE_WIDTH = 70
LABEL_MAX_CHARACTERS = 30


@dataclass(frozen=True)
class Bar:
    label: str
    display: str
    y: int
    width: int
    text_y: int


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    label_width: int
    value_x_offset: int

    @property
    def label_x(self) -> int:
        return self.label_width - 8


def _short(label: str) -> str:
    if len(label) <= LABEL_MAX_CHARACTERS:
        return label
    return label[: LABEL_MAX_CHARACTERS - 1] + "…"


def bar_chart(items: list[tuple[str, float, str]]) -> BarChart:
    """Bars for (label, value, value as shown) items, longest bar = the largest value."""
    largest = max((value for _label, value, _display in items), default=0) or 1
    bars = []
    for index, (label, value, display) in enumerate(items):
        y = BAR_GAP + index * (BAR_HEIGHT + BAR_GAP)
        bars.append(
            Bar(
                label=_short(label),
                display=display,
                y=y,
                width=max(1, round(PLOT_WIDTH * value / largest)) if value else 0,
                text_y=y + BAR_HEIGHT - 6,
            )
        )
    return BarChart(
        bars=bars,
        width=LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH,
        height=BAR_GAP + len(items) * (BAR_HEIGHT + BAR_GAP),
        label_width=LABEL_WIDTH,
        value_x_offset=6,
    )
