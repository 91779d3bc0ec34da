from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def status_cells(cells: list[tuple[str, str]]) -> SafeString:
    """A row's cells of the attendance matrix, one per session: (status, label). In one call
    rather than a template loop: a page of a hundred people has over a thousand cells, and
    the loop's per-cell cost was most of the page's. A row holds a handful of distinct cells,
    each escaped once."""
    made: dict[tuple[str, str], str] = {}
    for cell in cells:
        if cell not in made:
            status, label = cell
            made[cell] = format_html(
                '<td class="status status-{}">{}</td>', status or "none", label or "–"
            )
    return mark_safe("".join(made[cell] for cell in cells))  # each part escaped above
