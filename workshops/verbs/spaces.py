"""Websocket verbs for Open Space spaces. Thin: read fields, call the action."""
