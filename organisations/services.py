"""Writes for organisations: each a transaction that leaves a history row."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core.history import save_with_history

from .models import Commissioning, Organisation, User
from .permissions import can

NOT_ALLOWED_TO_DESCRIBE = "Only the setting's own lead can say what it is for."
PURPOSE_REQUIRED = "Choose what the setting is for."
PLACEMENT_REQUIRED = "Choose how long placements usually last."
NOT_ALLOWED_TO_CHANGE_STATUS = "You cannot change the commissioning status of this provider."
REASON_REQUIRED = "Give the reason for changing the status."
STATUS_UNCHANGED = "The status is already {status}."
NOT_ALLOWED_TO_ARCHIVE = "Only the service's administrators can archive or restore an organisation."
ARCHIVE_REASON_REQUIRED = "Say why the organisation is archived."
ALREADY_ARCHIVED = "{name} is already archived."
NOT_ARCHIVED = "{name} is not archived."


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


@transaction.atomic
def organisation_archive(*, organisation: Organisation, reason: str, by: User) -> Organisation:
    """Archive an organisation no longer in use: left out of lists, and no new work starts
    with it; its records, links and people stay as they are, readable. The reason is kept
    on it and in its history."""
    if not can(by, "organisations.archive_organisation", organisation):
        raise PermissionDenied(NOT_ALLOWED_TO_ARCHIVE)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.is_archived:
        raise ValidationError(ALREADY_ARCHIVED.format(name=organisation.name))
    if not reason.strip():
        raise ValidationError({"reason": ARCHIVE_REASON_REQUIRED})
    organisation.archived_at = timezone.now()
    organisation.archived_reason = reason.strip()
    organisation.full_clean()
    save_with_history(organisation, by=by, reason=f"archived: {reason.strip()}")
    return organisation


@transaction.atomic
def organisation_restore(*, organisation: Organisation, by: User) -> Organisation:
    """Bring an archived organisation back into use, as it was."""
    if not can(by, "organisations.archive_organisation", organisation):
        raise PermissionDenied(NOT_ALLOWED_TO_ARCHIVE)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not organisation.is_archived:
        raise ValidationError(NOT_ARCHIVED.format(name=organisation.name))
    organisation.archived_at, organisation.archived_reason = None, ""
    organisation.full_clean()
    save_with_history(organisation, by=by, reason="restored")
    return organisation
