"""Domain errors: each carries a message a user can act on."""
from __future__ import annotations


class DomainError(Exception):
    """Base class; ``str(err)`` is shown to the user as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotAuthenticated(DomainError):
    pass


class PermissionDenied(DomainError):
    pass


class NotFound(DomainError):
    pass


class InvalidInput(DomainError):
    pass


class Conflict(DomainError):
    """Someone else changed or decided this first."""


class Throttled(DomainError):
    pass
