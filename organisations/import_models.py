"""An uploaded organisations file kept between its preview and its confirmation."""
from core.imports.uploads import KeptUpload


class OrganisationImport(KeptUpload):
    """One upload of a file of providers by one administrator: the file's bytes as uploaded,
    so that Confirm applies exactly the file that was previewed (``core.imports.uploads``)."""

    class Meta(KeptUpload.Meta):
        pass

    def __str__(self):
        return f"{self.filename} ({self.get_state_display().lower()})"
