"""The kinds of organisation (``Organisation.Kind``), in a module of their own so that the
querysets the models import can name them too."""
from django.db import models


class OrganisationKind(models.TextChoices):
    PROVIDER = "provider", "Provider"
    PARTNERSHIP = "partnership", "AP partnership"
    LOCAL_AUTHORITY = "local_authority", "Local authority"


# The kinds that commission providers (and see what those providers share with them).
COMMISSIONER_KINDS = (OrganisationKind.PARTNERSHIP, OrganisationKind.LOCAL_AUTHORITY)
