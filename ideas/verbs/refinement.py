"""Websocket verbs for refinement. Thin: read fields, call the action."""
