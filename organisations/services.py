"""Writes for organisations: each a transaction that leaves a history row."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core.history import save_with_history

from .models import Commissioning, Organisation, User
from .permissions import can

NOT_ALLOWED_TO_DESCRIBE = "Only the setting's own lead can say what it is for."
PURPOSE_REQUIRED = "Choose what the setting is for."
PLACEMENT_REQUIRED = "Choose how long placements usually last."
NOT_ALLOWED_TO_CHANGE_STATUS = "You cannot change the commissioning status of this provider."
REASON_REQUIRED = "Give the reason for changing the status."
STATUS_UNCHANGED = "The status is already {status}."


@transaction.atomic
def commissioning_set_status(
    *, link: Commissioning, status: str, reason: str, by: User
) -> Commissioning:
    """Change a commissioning link's status, recording who, when and why."""
    if not can(by, "organisations.change_commissioning_status", link):
        raise PermissionDenied(NOT_ALLOWED_TO_CHANGE_STATUS)
    link = Commissioning.objects.select_for_update().get(pk=link.pk)
    if not reason.strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    if status == link.status:
        raise ValidationError(
            {"status": STATUS_UNCHANGED.format(status=link.get_status_display().lower())}
        )
    link.status = status
    link.status_reason = reason.strip()
    link.full_clean()
    save_with_history(link, by=by, reason=reason.strip())
    return link


@transaction.atomic
def setting_describe(*, provider: Organisation, purpose: str, placement: str,
                     by: User) -> Organisation:
    """Record what an alternative provision setting is for and how long its placements
    usually last (shown beside its results, which they explain)."""
    if not provider.is_alternative_provision or not can(by, "organisations.describe_setting",
                                                         provider):
        raise PermissionDenied(NOT_ALLOWED_TO_DESCRIBE)
    provider = Organisation.objects.select_for_update().get(pk=provider.pk)
    errors = {}
    if purpose not in Organisation.SettingPurpose.values:
        errors["purpose"] = PURPOSE_REQUIRED
    if placement not in Organisation.PlacementLength.values:
        errors["placement"] = PLACEMENT_REQUIRED
    if errors:
        raise ValidationError(errors)
    provider.setting_purpose, provider.typical_placement = purpose, placement
    provider.full_clean()
    save_with_history(provider, by=by, reason="described the setting")
    return provider
