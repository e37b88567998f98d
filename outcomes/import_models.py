"""An uploaded outcomes file kept between its preview and its confirmation."""
from django.db import models

from core.imports.uploads import KeptUpload
from organisations.models import Organisation


class OutcomeImport(KeptUpload):
    """One upload by one LA commissioner, for one LA: the file's bytes as uploaded, so that
    Confirm applies exactly the file that was previewed (``core.imports.uploads``)."""

    local_authority = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+",
        limit_choices_to={"kind": Organisation.Kind.LOCAL_AUTHORITY})

    class Meta(KeptUpload.Meta):
        pass

    def __str__(self):
        return f"{self.filename} for {self.local_authority} ({self.get_state_display().lower()})"
