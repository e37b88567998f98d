from .helpers import shire  # noqa: F401
