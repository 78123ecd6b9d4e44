from django.urls import path

from realtime.consumers import WorkshopConsumer

websocket_urlpatterns = [
    path("ws/w/<str:code>/<str:audience>/", WorkshopConsumer.as_asgi()),
]
