"""What the refinement phase's stage needs."""
