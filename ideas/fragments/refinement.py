"""How refinement events show on each screen."""
