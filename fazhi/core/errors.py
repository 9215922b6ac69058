"""Domain errors: every refusal carries a precise Chinese message and an HTTP status.

Views, the API and the CLI translate these into a form error, a JSON body or an exit
status; none of them ever becomes a 500.
"""


class DomainError(Exception):
    """A refusal the user can act on. `message` is shown to the user (Chinese first)."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code


class InvalidData(DomainError):
    status = 422
    code = "invalid_data"


class NotAllowed(DomainError):
    """The action is not allowed in the case's current state (impossible transition)."""

    status = 409
    code = "not_allowed"


class Forbidden(DomainError):
    """The actor lacks the role for this action."""

    status = 403
    code = "forbidden"


class NotFound(DomainError):
    """Missing, or not visible to this actor: the two are indistinguishable on purpose."""

    status = 404
    code = "not_found"
