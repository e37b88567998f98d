from django.apps import AppConfig


class PeopleConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "people"
    verbose_name = "People and invitations"

    def ready(self):
        # The rules; the signal that remembers single sign-on's second factor.
        from . import permissions, single_sign_on  # noqa: F401
