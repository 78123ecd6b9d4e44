"""Ideas and what becomes of them: themes, dot votes, initiatives and their follow-up."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from workshops.models import Organisation, Participant, Space, StrategicGoal, Workshop

IDEA_TEXT_MAX = 500
IDEA_TITLE_MAX = 120


class Theme(models.Model):
    """A cluster of ideas on the board."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name

    @property
    def dom_id(self) -> str:
        return f"theme-{self.pk}"


class Idea(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="ideas")
    space = models.ForeignKey(
        Space, on_delete=models.SET_NULL, null=True, blank=True, related_name="ideas"
    )
    author = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="ideas"
    )
    title = models.CharField(_("title"), max_length=IDEA_TITLE_MAX, blank=True)
    text = models.TextField(_("idea"), max_length=IDEA_TEXT_MAX)
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="ideas"
    )
    suggested_theme = models.CharField(_("suggested theme"), max_length=100, blank=True)
    position = models.PositiveIntegerField(default=0)
    hidden = models.BooleanField(default=False)
    client_key = models.UUIDField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        constraints = [
            # A resent submission (reconnect queue, double tap) is stored once.
            models.UniqueConstraint(
                fields=["author", "client_key"], name="unique_idea_submission_per_participant"
            )
        ]

    def __str__(self) -> str:
        return self.title or self.text[:40]

    @property
    def dom_id(self) -> str:
        return f"idea-{self.pk}"

    @property
    def author_name(self) -> str:
        """The byline: the author's name, unless they are anonymous (or gone)."""
        return self.author.public_name if self.author else str(_("Anonymous"))


class VotingRound(models.Model):
    """One round of dot voting, on ideas or on themes, with the settings it was opened with."""

    class Target(models.TextChoices):
        IDEAS = "ideas", _("Ideas")
        THEMES = "themes", _("Themes")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="voting_rounds")
    number = models.PositiveSmallIntegerField(default=1)
    target = models.CharField(max_length=10, choices=Target, default=Target.IDEAS)
    budget = models.PositiveSmallIntegerField(_("dots per participant"))
    max_per_item = models.PositiveSmallIntegerField(_("dots allowed per item"))
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    revealed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["workshop", "number"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "number"], name="unique_round_number")
        ]

    def __str__(self) -> str:
        return f"{self.workshop_id} round {self.number}"


class Vote(models.Model):
    """The dots one participant put on one idea (or theme) in one round."""

    round = models.ForeignKey(VotingRound, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, null=True, blank=True)
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, null=True, blank=True)
    dots = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "participant", "idea"], name="one_vote_row_per_idea"
            ),
            models.UniqueConstraint(
                fields=["round", "participant", "theme"], name="one_vote_row_per_theme"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.idea_id or self.theme_id}: {self.dots}"


class Initiative(models.Model):
    """A refined idea that is carried on after the workshop, and followed up by staff."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    # Fields the group edits together; each carries its own version for stale-edit checks.
    EDITABLE_FIELDS = (
        "title",
        "intervention",
        "purpose",
        "target_group",
        "actors_text",
        "timeline_text",
        "first_step",
        "example",
    )

    workshop = models.ForeignKey(
        Workshop, on_delete=models.SET_NULL, null=True, blank=True, related_name="initiatives"
    )
    ideas = models.ManyToManyField(Idea, blank=True, related_name="initiatives")
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="initiatives"
    )
    reference = models.CharField(_("reference"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=200)
    intervention = models.TextField(_("intervention"), blank=True, max_length=4000)
    purpose = models.TextField(_("purpose"), blank=True, max_length=4000)
    target_group = models.TextField(_("target group"), blank=True, max_length=1000)
    strategic_goal = models.ForeignKey(
        StrategicGoal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("strategic goal"),
    )
    actors = models.ManyToManyField(
        Organisation, blank=True, related_name="initiatives", verbose_name=_("actors")
    )
    actors_text = models.TextField(_("other actors"), blank=True, max_length=1000)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    timeline_text = models.TextField(_("timeline"), blank=True, max_length=1000)
    first_step = models.TextField(_("first step"), blank=True, max_length=1000)
    example = models.TextField(_("example"), blank=True, max_length=2000)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PROPOSED)
    progress = models.PositiveSmallIntegerField(_("progress %"), default=0)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_initiatives",
    )
    members = models.ManyToManyField(Participant, blank=True, related_name="initiative_groups")
    # {field: version} and {field: display name of who changed it last}
    field_versions = models.JSONField(default=dict, blank=True)
    field_editors = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["workshop", "reference", "pk"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")

    def __str__(self) -> str:
        return f"{self.reference} {self.title}".strip()

    @property
    def dom_id(self) -> str:
        return f"initiative-{self.pk}"


class InitiativeComment(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(Participant, on_delete=models.SET_NULL, null=True, blank=True)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    text = models.TextField(_("comment"), max_length=1000)
    client_key = models.UUIDField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_key"], name="unique_comment_submission_per_participant"
            )
        ]

    def __str__(self) -> str:
        return self.text[:40]


class Milestone(models.Model):
    """A dated step in an initiative's follow-up after the workshop."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True, max_length=4000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return f"{self.date} {self.title}"


def new_publication_token() -> str:
    return secrets.token_urlsafe(24)


class PublishedCatalogue(models.Model):
    """A catalogue made public at an unguessable read-only URL, until it is unpublished."""

    token = models.CharField(max_length=64, unique=True, default=new_publication_token)
    title = models.CharField(_("title"), max_length=200)
    workshops = models.ManyToManyField(Workshop, related_name="publications")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    unpublished_at = models.DateTimeField(null=True, blank=True)
    # Chosen by staff before publishing; see ideas.catalogue_entries.DocumentOptions.
    introduction = models.TextField(_("introduction"), blank=True, default="")
    period = models.CharField(_("period"), max_length=200, blank=True, default="")
    contact = models.CharField(_("contact"), max_length=300, blank=True, default="")
    hide_votes = models.BooleanField(_("hide votes and ranks"), default=False)
    hide_join_code = models.BooleanField(_("hide the join code"), default=False)
    credit_organisations = models.BooleanField(_("credit organisations"), default=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class PublishingSettings(models.Model):
    """Who publishes the documents (catalogues and action plans): set once in the admin and
    shown on every title page. One row only: `current()` reads it, `save()` keeps it at pk 1."""

    municipality = models.CharField(_("municipality"), max_length=200, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    contact = models.CharField(
        _("contact"),
        max_length=300,
        blank=True,
        help_text=_("Who readers can ask, e.g. a name, an e-mail address and a phone number."),
    )
    # Kept in the database, not as a media file: the documents embed it (HTML as a data URI,
    # DOCX and PDF as a picture), so there is nothing to serve and nothing to lose on a redeploy.
    logo = models.BinaryField(_("logo"), blank=True, default=b"")
    logo_type = models.CharField(max_length=40, blank=True, default="")
    action_plan_introduction = models.TextField(
        _("action plan introduction"),
        blank=True,
        help_text=_("The vision and how the initiatives came about, opening every action plan."),
    )

    class Meta:
        verbose_name = _("publishing settings")
        verbose_name_plural = _("publishing settings")

    def __str__(self) -> str:
        return str(_("Publishing settings"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> "PublishingSettings":
        return cls.objects.filter(pk=1).first() or cls(pk=1)
