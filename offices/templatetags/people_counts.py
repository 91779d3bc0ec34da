"""`{{ count|people_count }}`: a count of people as the project shows it (core.counts): 1 or 2
people read "fewer than 3". Lives in the lowest installed app so every app's templates have it."""

from django import template

from core.counts import people_count as shown_people_count

register = template.Library()


@register.filter
def people_count(count: int | None) -> int | str | None:
    return count if count is None else shown_people_count(count)
