"""What the privacy notice and the accessibility statement say about this deployment and
about how the service was tested: one place for each fact, so the two pages and the
deployment check read the same.

The deployment's own details come from settings (``SERVICE_CONTROLLER``,
``SERVICE_DPO_CONTACT``, ``SERVICE_CONTACT_EMAIL``); unset, each page shows a placeholder
naming the setting, and ``check --deploy`` warns. The testing facts are updated when the
statement is reviewed, from the suite (``tests/browser``): review them with it.
"""
import datetime
from dataclasses import dataclass

from django.conf import settings

# The accessibility statement's dates (GOV.UK's model statement asks for all three).
PREPARED = datetime.date(2026, 12, 6)
LAST_REVIEWED = datetime.date(2026, 12, 6)
LAST_TESTED = datetime.date(2026, 12, 6)

# How the service is tested, as the browser suite does it on every change.
TESTING = [
    "every page a user reaches in the browser tests is checked with the axe-core engine "
    "against WCAG 2.2 level A and AA (and axe's best practices); any violation fails the test",
    "each new page is opened in a window 1280 pixels wide and one 320 pixels wide (the width "
    "of 1280 pixels zoomed to 400%), and fails if the page scrolls sideways",
    "signing in and inviting someone are done with the keyboard alone (Tab, the arrow keys "
    "and Enter, starting from the skip link); in every other journey (self-assessments, QA "
    "visits, reviews, outcomes, people) each control is found by its label or role, as "
    "assistive technology finds it",
    "every page works without JavaScript; in-place saving is an enhancement",
]

# Known problems, and what is being done about them.
KNOWN_ISSUES = [
    "Downloaded PDF reports have not yet been checked with a screen reader. The same "
    "information is on the web pages, and every table can also be downloaded as CSV or XLSX.",
    "Signing in with your organisation's own account (single sign-on, where it is offered) "
    "takes you to that organisation's sign-in pages, which it is responsible for; signing "
    "in with an email address and password stays open to everyone.",
    "We have not yet had the service audited by people who use assistive technology every "
    "day. We plan to do this before the service is used beyond its first organisations.",
]

PLACEHOLDER = "[Not set for this deployment: give {setting}]"


@dataclass(frozen=True)
class Deployment:
    controller: str
    dpo_contact: str
    contact_email: str
    unset: tuple[str, ...]


def deployment() -> Deployment:
    """This deployment's details, each a placeholder naming its setting when not given."""
    values, unset = {}, []
    for field, setting in (("controller", "SERVICE_CONTROLLER"),
                           ("dpo_contact", "SERVICE_DPO_CONTACT"),
                           ("contact_email", "SERVICE_CONTACT_EMAIL")):
        value = getattr(settings, setting, "").strip()
        if not value:
            unset.append(setting)
        values[field] = value or PLACEHOLDER.format(setting=setting)
    return Deployment(**values, unset=tuple(unset))
