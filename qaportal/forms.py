"""Project-wide form helpers for the GOV.UK Design System template pack."""
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout


def gds_helper(*layout) -> FormHelper:
    """A crispy helper that lays out fields without its own <form> tag: templates write the
    form element (with its CSRF token and action) and the GOV.UK error summary themselves."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    return helper
