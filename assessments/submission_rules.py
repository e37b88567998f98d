"""Extension point: other apps' rules that must pass before a self-assessment is submitted.

``assessments.services.submit_check`` runs them, so ``assessment_submit`` refuses, and the
assessment and submit pages list, whatever a registered rule returns. Assessments sits low in
the layers and never imports the apps that hold these rules; they register here instead.

Contract
    Who registers: an app above ``assessments`` (today ``actionplans``: the SI QAF Stage 2
    action plan rule), from its ``AppConfig.ready``: ``submission_rules.register(rule)``.
    Call: ``rule(assessment, result) -> list[RuleFailure]``, where ``result`` is the
    assessment's score (``assessments.selectors.assessment_result``) and ``RuleFailure``
    is ``assessments.services.RuleFailure``. An empty list means the rule passes.
    When it runs: only once every criterion is rated, after the built-in checks; on submit
    and on every view of a draft's overview and submit pages. So a rule only reads, in a
    few queries whatever the data's size, and says why in its ``RuleFailure`` rather than
    raising (an exception is a bug and surfaces as one).
    Order: registration order, which is the order the failures are shown in.
    Idempotent: registering the same rule again changes nothing.
"""
from core.registry import Registry

_rules = Registry("assessments.submission_rules")

register = _rules.register
registered = _rules.registered
