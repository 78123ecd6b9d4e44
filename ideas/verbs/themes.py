"""Websocket verbs for themes. Thin: read fields, call the action."""
