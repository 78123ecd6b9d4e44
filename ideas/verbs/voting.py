"""Websocket verbs for voting. Thin: read fields, call the action."""
