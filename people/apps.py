from django.apps import AppConfig


class PeopleConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "people"
    verbose_name = "People and invitations"

    def ready(self):
        from . import permissions  # noqa: F401 (registers the rules)
