"""How Open Space events show on each screen."""
