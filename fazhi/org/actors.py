"""Who is acting: a staff member, a member of the public, or the system itself.

Services take an Actor rather than a request so the same command works from a view,
the API, the CLI, an import or the periodic tick.
"""

from dataclasses import dataclass, field

from fazhi.org import roles as R


@dataclass(frozen=True)
class Actor:
    kind: str  # "staff" | "public" | "system"
    label: str
    user_id: int | None = None
    agency_id: int | None = None
    roles: frozenset[str] = field(default_factory=frozenset)

    @property
    def city_wide(self) -> bool:
        return bool(self.roles & R.CITY_WIDE)

    def has_any(self, wanted: frozenset[str]) -> bool:
        return bool(self.roles & wanted)

    @classmethod
    def for_user(cls, user) -> "Actor | None":
        """The staff actor for a logged-in user, or None when the user is not staff."""
        staff = getattr(user, "staff", None) if user and user.is_authenticated else None
        if staff is None:
            return None
        return cls(kind="staff", label=staff.display_name, user_id=user.pk,
                   agency_id=staff.agency_id, roles=frozenset(staff.roles))

    @classmethod
    def public(cls, label: str = "申请人") -> "Actor":
        return cls(kind="public", label=label, roles=frozenset({"applicant"}))

    @classmethod
    def system(cls, label: str = "系统") -> "Actor":
        return cls(kind="system", label=label, roles=frozenset({"system"}))
