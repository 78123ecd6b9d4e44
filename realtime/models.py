"""The workshop event log: the resync source for screens and the audit trail."""

from django.conf import settings
from django.db import models


class WorkshopEvent(models.Model):
    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="events"
    )
    # None for quiet events (a counter moved): logged for the audit trail and resends, but
    # not a step of the screens' sequence.
    seq = models.PositiveBigIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=40)
    actor_participant = models.ForeignKey(
        "workshops.Participant", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    payload = models.JSONField(default=dict)
    # The submission's client-made key, where it has one: finding a resent submission is an
    # index lookup, not a scan of the workshop's log (a vote burst made that O(n²)).
    client_key = models.UUIDField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # In the order they were recorded (quiet events have no seq).
        ordering = ["workshop", "pk"]
        constraints = [models.UniqueConstraint(fields=["workshop", "seq"], name="unique_event_seq")]

    def __str__(self) -> str:
        return f"{self.workshop_id}#{self.seq} {self.kind}"
