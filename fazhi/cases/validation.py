"""The engine's validation is the shared one (fazhi.core.validation); kept importable here
for the engine and the services that validate their commands."""

from fazhi.core.validation import MESSAGES as _MESSAGES
from fazhi.core.validation import error_text, field_label, messages, validate

__all__ = ["_MESSAGES", "error_text", "field_label", "messages", "validate"]
