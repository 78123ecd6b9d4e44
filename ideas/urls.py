"""URLs of the ideas app: catalogue exports, the staff follow-up area, published catalogues."""

from django.urls import path  # noqa: F401

app_name = "ideas"

urlpatterns: list = []
