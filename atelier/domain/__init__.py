"""The workshop's rules as plain Python: no Flask, no database.

Services call these functions with plain values; every rule a user can break
raises :class:`~atelier.domain.errors.Refusal` with a stable code.
"""
