from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    name = "processes"
    verbose_name = _("Co-creation processes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Register how carrying ideas into a running meeting shows on its screens.
        from processes import fragments  # noqa: F401
