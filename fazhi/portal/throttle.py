"""Moved to `fazhi.core.throttle` (one counter per scope for the portal and the API); this
name stays for the modules that still import it from here (lottery views)."""

from fazhi.core.throttle import hit, parse_rate, window_seconds

__all__ = ["hit", "parse_rate", "window_seconds"]
