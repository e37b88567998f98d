"""The kinds of organisation (``Organisation.Kind``), and which of them commission providers,
in a module of their own so that the querysets the models import can name them too."""
from django.db import models


class OrganisationKind(models.TextChoices):
    PROVIDER = "provider", "Provider"
    PARTNERSHIP = "partnership", "AP partnership"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    SCHOOL = "school", "School"
    MULTI_ACADEMY_TRUST = "multi_academy_trust", "Multi-academy trust"


# The kinds that commission providers (and see what those providers share with them): AP
# partnerships and local authorities, and mainstream schools and multi-academy trusts, which
# commission alternative provision for their own pupils. Visibility, permissions, dashboards,
# exports, reviews and due diligence all read this one tuple.
COMMISSIONER_KINDS = (OrganisationKind.PARTNERSHIP, OrganisationKind.LOCAL_AUTHORITY,
                      OrganisationKind.SCHOOL, OrganisationKind.MULTI_ACADEMY_TRUST)
# The same, in words, for messages: "a partnership, local authority, school or multi-academy
# trust".
COMMISSIONERS_IN_WORDS = "partnership, local authority, school or multi-academy trust"
