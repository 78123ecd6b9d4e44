from django.apps import AppConfig


class IdeasConfig(AppConfig):
    name = "ideas"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Register this app's screen parts, event fragments and websocket verbs.
        from ideas import fragments, screens, verbs  # noqa: F401
