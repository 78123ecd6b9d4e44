"""What the clustering phase's stage needs."""
