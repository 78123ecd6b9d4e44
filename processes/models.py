"""Co-creation processes: several meetings on one challenge, the ideas carried between them,
and the meeting templates they are set up from."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ideas.models import Idea, Theme
from workshops.models import Organisation, Workshop


class Process(models.Model):
    """A co-creation process (forløb): a challenge worked on over several meetings."""

    title = models.CharField(_("title"), max_length=200)
    challenge = models.TextField(_("challenge"), max_length=2000)
    target_group = models.TextField(_("target group"), max_length=1000, blank=True)
    owner_department = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_processes",
        verbose_name=_("owner department"),
    )
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Workshop.Language, default="da"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("process")
        verbose_name_plural = _("processes")

    def __str__(self) -> str:
        return self.title


class Meeting(models.Model):
    """One meeting of a process, held as a Samskab workshop."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="meetings")
    workshop = models.OneToOneField(Workshop, on_delete=models.CASCADE, related_name="meeting")
    position = models.PositiveSmallIntegerField(default=0)
    place = models.CharField(_("place"), max_length=120, blank=True)
    held_on = models.DateField(_("date"), null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return self.workshop.title


class CarriedIdea(models.Model):
    """An idea brought into a later meeting (`idea`) from an earlier one (`source`).

    What the source had when it was carried (its meeting, dots, Open Space report) is kept
    here too, so the provenance stays readable if the source is later hidden or changed.
    """

    idea = models.OneToOneField(Idea, on_delete=models.CASCADE, related_name="carried_from")
    source = models.ForeignKey(
        Idea, on_delete=models.SET_NULL, null=True, related_name="carried_to"
    )
    source_workshop = models.ForeignKey(
        Workshop, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    source_meeting = models.CharField(max_length=200)
    source_place = models.CharField(max_length=120, blank=True)
    dots = models.PositiveIntegerField(null=True, blank=True)
    report = models.TextField(blank=True)
    carried_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    carried_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.source_id} → {self.idea_id}"


class CarriedTheme(models.Model):
    """A theme brought into a later meeting from an earlier one, with its dots then."""

    theme = models.OneToOneField(Theme, on_delete=models.CASCADE, related_name="carried_from")
    source = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, related_name="carried_to"
    )
    source_workshop = models.ForeignKey(
        Workshop, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    source_meeting = models.CharField(max_length=200)
    source_place = models.CharField(max_length=120, blank=True)
    dots = models.PositiveIntegerField(null=True, blank=True)
    carried_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    carried_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.source_id} → {self.theme_id}"


class MeetingTemplate(models.Model):
    """A workshop's set-up, saved to start new meetings from (processes/setup.py reads and
    writes `setup`). Built-in templates have a `key` and ship with Samskab."""

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Workshop.Language, default="da"
    )
    key = models.SlugField(max_length=40, blank=True)
    setup = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["language", "-key", "name", "pk"]
        verbose_name = _("meeting template")
        verbose_name_plural = _("meeting templates")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "language"],
                condition=~models.Q(key=""),
                name="one_builtin_template_per_language",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def builtin(self) -> bool:
        return bool(self.key)
