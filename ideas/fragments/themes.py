"""How themes events show on each screen."""
