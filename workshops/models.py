"""Workshops, the people in them, and what they build knowledge from."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from workshops.phases import Phase
from workshops.phases import sequence as phases_sequence


class OrganisationQuerySet(models.QuerySet):
    def offered_in(self, workshop: Workshop) -> OrganisationQuerySet:
        """What a workshop's join form offers: the shared registry, and the names typed in
        this workshop that staff have not approved yet (never those of other workshops)."""
        return self.filter(models.Q(approved=True) | models.Q(proposed_in=workshop))


class Organisation(models.Model):
    """The registry of associations, clubs and municipal departments that take part."""

    class Kind(models.TextChoices):
        SENIOR_ASSOCIATION = "senior_association", _("Senior association")
        SPORTS_CLUB = "sports_club", _("Sports club")
        FAITH_COMMUNITY = "faith_community", _("Faith community")
        CULTURAL_ASSOCIATION = "cultural_association", _("Cultural association")
        ADULT_EDUCATION = "adult_education", _("Adult education")
        SOCIAL_ORGANISATION = "social_organisation", _("Social organisation")
        MUNICIPAL_DEPARTMENT = "municipal_department", _("Municipal department")
        OTHER = "other", _("Other")

    class Sector(models.TextChoices):
        """Where an organisation belongs in the participation summary; the municipality's own
        departments are counted apart from civil society."""

        FAITH = "faith", _("Faith communities")
        PENSIONERS = "pensioners", _("Pensioners' organisations")
        RURAL = "rural", _("Rural and village associations")
        CULTURE = "culture", _("Culture")
        STUDY = "study", _("Study associations")
        SPORTS = "sports", _("Sports")
        SOCIAL = "social", _("Social and health")
        HOUSING = "housing", _("Housing and neighbourhood")
        MUNICIPAL = "municipal", _("Municipal department")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind, default=Kind.OTHER)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector, default=Sector.OTHER)
    municipality = models.CharField(_("municipality"), max_length=120, blank=True)
    # A name typed in by someone registering or joining waits for staff before it appears in
    # the registry that others choose from.
    approved = models.BooleanField(_("approved"), default=True)
    # The workshop where a participant typed the name while joining: offered there (and only
    # there) until it is approved.
    proposed_in = models.ForeignKey(
        "workshops.Workshop",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_organisations",
        verbose_name=_("proposed in workshop"),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def is_municipal(self) -> bool:
        return self.sector == self.Sector.MUNICIPAL


class StrategicGoal(models.Model):
    """One of the municipality's numbered strategic goals that initiatives point to."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        ordering = ["number"]
        verbose_name = _("strategic goal")
        verbose_name_plural = _("strategic goals")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class MeetingType(models.TextChoices):
    """The kind of meeting a workshop is, so its screens use the words that fit it."""

    WORKSHOP = "workshop", _("Workshop")
    LARGE_MEETING = "large_meeting", _("Large meeting")
    DIALOGUE_MEETING = "dialogue_meeting", _("Dialogue meeting")


class Workshop(models.Model):
    class Language(models.TextChoices):
        DANISH = "da", _("Danish")
        SWEDISH = "sv", _("Swedish")
        ENGLISH = "en", _("English")

    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("challenge question"), max_length=1000)
    language = models.CharField(_("language"), max_length=2, choices=Language, default="da")
    join_code = models.CharField(_("join code"), max_length=6, db_index=True)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices(), default="lobby")
    previous_phase = models.CharField(max_length=20, blank=True)
    phase_changed_at = models.DateTimeField(null=True, blank=True)
    phase_ends_at = models.DateTimeField(_("timer ends at"), null=True, blank=True)
    vote_budget = models.PositiveSmallIntegerField(_("dots per participant"), default=5)
    max_votes_per_idea = models.PositiveSmallIntegerField(_("dots allowed per idea"), default=2)
    anonymous_allowed = models.BooleanField(_("anonymous participation allowed"), default=True)
    use_spaces = models.BooleanField(_("use Open Space spaces"), default=False)
    credit_participants = models.BooleanField(_("credit participants by name"), default=False)
    # The facilitator's brake: phones may not send new ideas, cards or topics while it is on
    # (workshops/phases.py PAUSABLE_VERBS).
    submissions_paused = models.BooleanField(_("submissions paused"), default=False)
    # The phases this meeting runs through besides the lobby and closing (workshops/phases.py
    # `sequence`); empty means all of them.
    phases_used = models.JSONField(_("phases used"), default=list, blank=True)
    # What the meeting is called on its screens (workshops/meeting_words.py).
    meeting_type = models.CharField(
        _("kind of meeting"), max_length=20, choices=MeetingType, default=MeetingType.WORKSHOP
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="facilitated_workshops", blank=True
    )
    # Where the join link and QR code point, captured from the request that created it;
    # PUBLIC_BASE_URL overrides it when set.
    base_url = models.URLField(blank=True)
    seq = models.PositiveBigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        constraints = [
            # Codes are reused only once a workshop is closed.
            models.UniqueConstraint(
                fields=["join_code"],
                condition=models.Q(closed_at__isnull=True),
                name="unique_join_code_among_open_workshops",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.phase == Phase.CLOSED

    @property
    def phase_sequence(self) -> tuple[Phase, ...]:
        """The phases this meeting runs through, lobby to closed."""
        return phases_sequence(self.phases_used)

    @property
    def join_path(self) -> str:
        return f"/j/{self.join_code}/"

    @property
    def join_url(self) -> str:
        base = settings.PUBLIC_BASE_URL or self.base_url.rstrip("/")
        return f"{base}{self.join_path}"


class Participant(models.Model):
    class Role(models.TextChoices):
        CITIZEN = "citizen", _("Citizen")
        VOLUNTEER = "volunteer", _("Volunteer")
        ASSOCIATION = "association", _("Association")
        STAFF = "staff", _("Staff")
        POLITICIAN = "politician", _("Politician")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    display_name = models.CharField(_("name"), max_length=60, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.CITIZEN)
    token_hash = models.CharField(max_length=64, unique=True)
    joined_at = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField(null=True, blank=True)
    connections = models.PositiveIntegerField(default=0)
    removed_at = models.DateTimeField(null=True, blank=True)
    # When the participant's personal data was erased (workshops/privacy.py): no name, no
    # organisation, no device; what they contributed stays, anonymous.
    erased_at = models.DateTimeField(null=True, blank=True)
    # The device the participant joined from (workshops/devices.py), keyed for this workshop
    # only: a removed participant's device may not join again until it is readmitted.
    device_key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    space = models.ForeignKey(
        "workshops.Space", on_delete=models.SET_NULL, null=True, blank=True, related_name="present"
    )

    class Meta:
        ordering = ["joined_at"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return self.public_name

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def public_name(self) -> str:
        if self.anonymous or not self.display_name:
            return str(_("Anonymous"))
        return self.display_name

    @property
    def group_name(self) -> str:
        return f"participant.{self.pk}"


class KnowledgeCard(models.Model):
    class Kind(models.TextChoices):
        FACT = "fact", _("Fact")
        QUESTION = "question", _("Dialogue question")
        EXISTING_ACTIVITY = "existing_activity", _("Existing activity or experience")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="cards")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    title = models.CharField(_("title"), max_length=140, blank=True)
    body = models.TextField(_("text"), max_length=1000)
    author = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="cards"
    )
    hidden = models.BooleanField(default=False)
    client_key = models.UUIDField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_key"], name="unique_card_submission_per_participant"
            )
        ]

    def __str__(self) -> str:
        return self.title or self.body[:40]

    @property
    def dom_id(self) -> str:
        return f"card-{self.pk}"


class Space(models.Model):
    """An Open Space session: a topic proposed and hosted by a participant at a place and time."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="spaces")
    topic = models.CharField(_("topic"), max_length=140)
    host = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="hosted"
    )
    location = models.ForeignKey(
        "workshops.SpaceLocation", on_delete=models.SET_NULL, null=True, blank=True
    )
    slot = models.ForeignKey(
        "workshops.SpaceSlot", on_delete=models.SET_NULL, null=True, blank=True
    )
    report_key_points = models.TextField(_("key points"), blank=True, max_length=2000)
    report_who = models.TextField(_("who should be involved"), blank=True, max_length=1000)
    report_next_step = models.TextField(_("next step"), blank=True, max_length=1000)
    client_key = models.UUIDField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["location", "slot"], name="one_topic_per_space_cell"),
            models.UniqueConstraint(
                fields=["host", "client_key"], name="unique_space_submission_per_participant"
            ),
        ]

    def __str__(self) -> str:
        return self.topic


class SpaceLocation(models.Model):
    """A table or room where Open Space topics are held."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(_("name"), max_length=80)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class SpaceSlot(models.Model):
    """A time slot on the Open Space agenda wall."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="slots")
    label = models.CharField(_("label"), max_length=40)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label
