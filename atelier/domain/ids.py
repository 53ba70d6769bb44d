"""Record ids sent by clients: whole numbers in the range a database column holds."""

from .errors import Refusal

MAX_ID = 2**31 - 1


def check_id(value: object, not_found: str = "idea_not_found") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Refusal("invalid_request")
    if not 1 <= value <= MAX_ID:
        raise Refusal(not_found)  # no such record can exist
    return value
