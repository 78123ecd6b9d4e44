"""Join codes and participant tokens."""

import secrets

# No look-alikes: no 0/O, 1/I/L, 2/Z, 5/S, 8/B.
JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
JOIN_CODE_LENGTH = 6


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(raw: str) -> str:
    """What a person typed, made comparable: case, spaces and dashes don't matter."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def new_participant_token() -> str:
    """256 bits from the OS's CSPRNG; only its hash is stored."""
    return secrets.token_urlsafe(32)


def participant_cookie_name(join_code: str) -> str:
    return f"samskab_p_{join_code}"
