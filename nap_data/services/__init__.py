"""Use cases that write to the store: each takes the acting user and checks it first
(see `nap_data.services.access`)."""

from __future__ import annotations

from dataclasses import dataclass

# The roles, from least to most; a signed-in person without one is ANONYMOUS.
ANONYMOUS, VIEWER, SIGNATORY, POLICY_OFFICER, ADMIN = (
    "anonymous",
    "viewer",
    "signatory",
    "policy_officer",
    "admin",
)
ROLES = (VIEWER, SIGNATORY, POLICY_OFFICER, ADMIN)


@dataclass(frozen=True)
class Actor:
    """Who does something: a name for the audit trail (the e-mail address once signed in),
    a role and, for a signatory, the organisations it reports for. Single sign-on says who
    someone is; the store's user table gives the role and organisations."""

    name: str
    role: str = ADMIN
    organisations: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # One code may be given as a plain string: Actor("x", "signatory", "ORG005").
        if isinstance(self.organisations, str):
            object.__setattr__(self, "organisations", (self.organisations,))

    @property
    def organisation_code(self) -> str | None:
        """The first organisation (messages that name one)."""
        return self.organisations[0] if self.organisations else None

    def speaks_for(self, organisation: str | None) -> bool:
        """True when `organisation` is one of this signatory's own (case-insensitive)."""
        return bool(organisation) and organisation.strip().upper() in {
            code.upper() for code in self.organisations
        }


SYSTEM = Actor("system", ADMIN)
