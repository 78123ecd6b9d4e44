from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "workshops"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Register this app's screen parts, event fragments and websocket verbs.
        from workshops import fragments, screens, verbs  # noqa: F401
