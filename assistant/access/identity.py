"""From a logged-in user's identity claims (Streamlit's `st.user`) to a `Principal`.

Where the organisation and roles come from, first match wins:

1. the access file's `users` entry for the user's e-mail address (case-insensitive) or subject (`sub`);
2. the identity token's claims named by `AUTH_ORG_CLAIM` and `AUTH_ROLES_CLAIM`, when both give a value;
3. the access file's `domains` entry for the domain of the user's e-mail address.

An e-mail address the provider marks as unverified (`email_verified: false`) is not used for 1 and 3. A
user found nowhere, or with no known role, gets no principal (the app shows a "no access" page).

The access file (`AUTH_ACCESS_FILE`, default `DATA_DIR/access.yaml`) is YAML:

    users:
      maija.meikalainen@example.fi: {organisation: pirkanmaa, roles: [drafter]}
    domains:
      example.fi: {organisation: pirkanmaa, roles: [reviewer]}
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.access.errors import AccessConfigError
from assistant.access.principal import MAX_ORGANISATION_CHARS, ROLES, Principal, Role
from assistant.datafile import read_yaml
from assistant.settings import Settings

MAX_ACCESS_FILE_BYTES = 2 * 1024 * 1024


class Grant(BaseModel):
    """An organisation and the roles in it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    organisation: str = Field(min_length=1, max_length=MAX_ORGANISATION_CHARS)
    roles: frozenset[Role] = Field(min_length=1)

    @field_validator("organisation", mode="before")
    @classmethod
    def _strip(cls, value: object) -> object:
        return value.strip() if isinstance(value, str) else value

    @field_validator("roles", mode="before")
    @classmethod
    def _roles(cls, value: object) -> object:
        if isinstance(value, str):
            return _split_roles(value)
        if isinstance(value, list | tuple | set | frozenset):
            return [str(v).strip().lower() for v in value]
        return value


class AccessMap(BaseModel):
    """The access file: grants per user (e-mail or subject) and per e-mail domain."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    users: dict[str, Grant] = Field(default_factory=dict)
    domains: dict[str, Grant] = Field(default_factory=dict)

    @field_validator("users", "domains", mode="after")
    @classmethod
    def _lower_keys(cls, value: dict[str, Grant]) -> dict[str, Grant]:
        return {key.strip().lower().lstrip("@"): grant for key, grant in value.items()}

    def for_user(self, user_id: str | None, email: str | None) -> Grant | None:
        for key in (email, user_id):
            if key and key.strip().lower() in self.users:
                return self.users[key.strip().lower()]
        return None

    def for_domain(self, email: str | None) -> Grant | None:
        if not email or "@" not in email:
            return None
        return self.domains.get(email.rsplit("@", 1)[1].strip().lower())


def load_access_map(path: Path) -> AccessMap:
    """The access file at `path`; an empty map when there is none. `AccessConfigError` names the problem
    (unreadable, not YAML, unknown keys or roles)."""
    if not path.exists():
        return AccessMap()
    try:
        if path.stat().st_size > MAX_ACCESS_FILE_BYTES:
            raise AccessConfigError(path, f"larger than {MAX_ACCESS_FILE_BYTES} bytes")
        data = read_yaml(path)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise AccessConfigError(path, " ".join(str(exc).split())[:300]) from None
    if data is None:
        return AccessMap()
    if not isinstance(data, dict):
        raise AccessConfigError(path, "expected a mapping with `users` and/or `domains`")
    try:
        return AccessMap.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
            for e in exc.errors(include_url=False, include_input=False)
        )
        raise AccessConfigError(path, problems[:500]) from None


# --- claims ------------------------------------------------------------------------------------------------


def claim(user_info: Mapping[str, Any], name: str) -> Any:
    """A claim by name; a dotted name that is not itself a claim reaches into nested objects
    (`realm_access.roles`). Namespaced claims such as `https://example.fi/roles` are found as they are."""
    if name in user_info:
        return user_info[name]
    node: Any = user_info
    for part in name.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def _split_roles(text: str) -> list[str]:
    return [part.lower() for part in re.split(r"[\s,;]+", text) if part]


def roles_from(value: Any) -> frozenset[Role]:
    """The known roles in a claim value (a list, or a string separated by commas or spaces); others
    are ignored."""
    if isinstance(value, str):
        names = _split_roles(value)
    elif isinstance(value, list | tuple | set | frozenset):
        names = [str(v).strip().lower() for v in value if isinstance(v, str | int)]
    else:
        return frozenset()
    return frozenset(role for role in ROLES if role in names)


def organisation_from(value: Any) -> str | None:
    """A single organisation from a claim value (a string, or a list with exactly one string)."""
    if isinstance(value, list | tuple) and len(value) == 1:
        value = value[0]
    if isinstance(value, str) and value.strip():
        return value.strip()[:MAX_ORGANISATION_CHARS]
    return None


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def principal_from_user(
    user_info: Mapping[str, Any], settings: Settings, mapping: AccessMap | None = None
) -> Principal | None:
    """The principal of a logged-in user (`user_info` as `st.user.to_dict()` gives it), or None when the
    user is not logged in or has no organisation and role (see the module docstring)."""
    if user_info.get("is_logged_in") is not True:
        return None
    mapping = mapping or AccessMap()
    subject = _text(user_info.get("sub"))
    email = _text(user_info.get("email"))
    user_id = subject or email
    if user_id is None:
        return None
    trusted_email = email if user_info.get("email_verified") is not False else None
    name = _text(user_info.get("name")) or email or user_id

    grant = mapping.for_user(subject, trusted_email)
    if grant is None:
        organisation = organisation_from(claim(user_info, settings.auth_org_claim))
        roles = roles_from(claim(user_info, settings.auth_roles_claim))
        if organisation and roles:
            grant = Grant(organisation=organisation, roles=roles)
    if grant is None:
        grant = mapping.for_domain(trusted_email)
    if grant is None:
        return None
    return Principal(user_id=user_id, name=name, organisation=grant.organisation, roles=grant.roles)
