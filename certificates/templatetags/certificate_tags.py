"""Certificate formatting for templates."""

from django import template

from certificates.pdf import format_code

register = template.Library()


@register.filter
def grouped_code(code: str) -> str:
    """The code as the certificate prints it, in groups of four."""
    return format_code(code)
