"""The standard subject and text of each kind of scheduled mail (used when a rule leaves its
own empty), and the placeholders a rule's text may use. Rendered in the participant's
language; a placeholder is replaced by plain text, never evaluated."""

import re

from django.utils.translation import gettext_lazy as _

from reminders.models import MailRule

PLACEHOLDERS = {
    "name": _("the participant's name"),
    "workshop": _("the workshop's title"),
    "dates": _("the workshop's dates"),
    "link": _("the link the mail is about (questionnaire, certificate or personal page)"),
    "join_link": _("the online join link (confirmed participants of online workshops)"),
}
PLACEHOLDER_RE = re.compile(r"\{(\w+)\}")

SUBJECTS = {
    MailRule.Kind.REMINDER: _("Reminder: {workshop}, {dates}"),
    MailRule.Kind.PRE_TEST: _("Before the workshop: a short test, {workshop}"),
    MailRule.Kind.STARTS_TOMORROW: _("Starts tomorrow: {workshop}"),
    MailRule.Kind.AFTER: _("How was it? Evaluation and test: {workshop}"),
    MailRule.Kind.CHASER: _("Still a few days to answer: {workshop}"),
    MailRule.Kind.CERTIFICATE: _("Your certificate is ready: {workshop}"),
}

BODIES = {
    MailRule.Kind.REMINDER: _(
        "Dear {name},\n\nThis is a reminder that {workshop} takes place on {dates}. "
        "Your personal page has the agenda and your calendar entry:\n{link}"
    ),
    MailRule.Kind.PRE_TEST: _(
        "Dear {name},\n\nBefore {workshop} starts, please answer a short test of ten minutes "
        "or less. It is not graded: it shows the trainers where to start, and the same "
        "questions after the workshop show what was learnt.\n{link}"
    ),
    MailRule.Kind.STARTS_TOMORROW: _(
        "Dear {name},\n\n{workshop} starts tomorrow. Join online here:\n{join_link}\n\n"
        "Your personal page:\n{link}"
    ),
    MailRule.Kind.AFTER: _(
        "Dear {name},\n\nThank you for taking part in {workshop}. Please tell us what you "
        "thought of it, and answer the short test again:\n{link}"
    ),
    MailRule.Kind.CHASER: _(
        "Dear {name},\n\nYou have not yet answered the evaluation or the test of {workshop}. "
        "A few minutes help the trainers a great deal:\n{link}"
    ),
    MailRule.Kind.CERTIFICATE: _(
        "Dear {name},\n\nYour certificate of attendance of {workshop} is ready. Download it "
        "from your personal page:\n{link}"
    ),
}


def unknown_placeholders(text: str) -> list[str]:
    return sorted({name for name in PLACEHOLDER_RE.findall(text or "") if name not in PLACEHOLDERS})


def fill(template: str, values: dict[str, str]) -> str:
    """Each {placeholder} replaced by its value; anything else left as written."""
    return PLACEHOLDER_RE.sub(lambda match: values.get(match.group(1), match.group(0)), template)
