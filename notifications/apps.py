"""App configuration for notifications: what the portal tells each user, in the portal and by
email."""
from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"
