"""How voting events show on each screen."""
