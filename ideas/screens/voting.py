"""What the voting phase's stage needs."""
