"""`principal_from_user` on fake `st.user` dictionaries, and the access file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assistant.access import (
    AccessConfigError,
    AccessMap,
    Principal,
    load_access_map,
    local_principal,
    principal_from_user,
)
from assistant.access.identity import claim, roles_from
from assistant.i18n import LANGUAGES
from assistant.settings import Settings

ACCESS_YAML = """
users:
  Maija.Meikalainen@Example.fi: {organisation: pirkanmaa, roles: [drafter, reviewer]}
  "auth0|42": {organisation: kainuu, roles: admin}
domains:
  example.fi: {organisation: pirkanmaa, roles: [reviewer]}
  "@lappi.example": {organisation: lappi, roles: "drafter"}
"""


def settings(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def user(**claims: Any) -> dict[str, Any]:
    return {"is_logged_in": True, "sub": "sub-1", "email": "someone@nowhere.example", **claims}


@pytest.fixture
def mapping(tmp_path: Path) -> AccessMap:
    path = tmp_path / "access.yaml"
    path.write_text(ACCESS_YAML, encoding="utf-8")
    return load_access_map(path)


def test_not_logged_in_is_nobody() -> None:
    for info in ({}, {"email": "a@b.fi"}, {"is_logged_in": False, "organisation": "x", "roles": ["admin"]}):
        assert principal_from_user(info, settings()) is None
    # "is_logged_in" must be the boolean True, not just truthy
    assert principal_from_user(user(is_logged_in="yes", organisation="x", roles="admin"), settings()) is None


def test_claims_give_organisation_and_roles() -> None:
    found = principal_from_user(
        user(name="Maija M", organisation="pirkanmaa", roles=["Drafter", "superuser"]), settings()
    )
    assert found == Principal(
        user_id="sub-1", name="Maija M", organisation="pirkanmaa", roles=frozenset({"drafter"})
    )
    text_roles = principal_from_user(user(organisation="p", roles="reviewer, admin"), settings())
    assert text_roles is not None and text_roles.roles == {"reviewer", "admin"}
    # name falls back to the e-mail address
    assert text_roles.name == "someone@nowhere.example"


def test_claim_names_are_configurable_and_may_be_nested_or_namespaced() -> None:
    keycloak = user(tenant="lappi", realm_access={"roles": ["offline_access", "admin"]})
    found = principal_from_user(
        keycloak, settings(auth_org_claim="tenant", auth_roles_claim="realm_access.roles")
    )
    assert found is not None and (found.organisation, found.roles) == ("lappi", {"admin"})

    auth0 = user(**{"https://plans.example/org": ["kainuu"], "https://plans.example/roles": ["drafter"]})
    found = principal_from_user(
        auth0,
        settings(auth_org_claim="https://plans.example/org", auth_roles_claim="https://plans.example/roles"),
    )
    assert found is not None and (found.organisation, found.roles) == ("kainuu", {"drafter"})
    assert claim({"a": {"b": 1}}, "a.c") is None


def test_incomplete_or_ambiguous_claims_give_no_access() -> None:
    cases = [
        user(organisation="p"),  # no roles
        user(roles=["admin"]),  # no organisation
        user(organisation="p", roles=["superuser", "owner"]),  # no known role
        user(organisation=["p", "q"], roles=["admin"]),  # two organisations
        user(organisation="  ", roles=["admin"]),
        user(organisation={"name": "p"}, roles=["admin"]),
        {"is_logged_in": True, "organisation": "p", "roles": ["admin"]},  # no subject, no e-mail
    ]
    for info in cases:
        assert principal_from_user(info, settings()) is None, info
    assert roles_from(42) == frozenset()


def test_access_file_user_entry_wins_over_claims(mapping: AccessMap) -> None:
    info = user(email="maija.meikalainen@example.FI", organisation="lappi", roles=["admin"], name="Maija")
    found = principal_from_user(info, settings(), mapping)
    assert found is not None
    assert (found.organisation, found.roles, found.name) == ("pirkanmaa", {"drafter", "reviewer"}, "Maija")

    by_subject = principal_from_user(user(sub="auth0|42", email=None), settings(), mapping)
    assert by_subject is not None and (by_subject.organisation, by_subject.roles) == ("kainuu", {"admin"})
    assert by_subject.user_id == "auth0|42"


def test_domain_entry_is_the_fallback(mapping: AccessMap) -> None:
    colleague = principal_from_user(user(email="matti@example.fi"), settings(), mapping)
    assert colleague is not None and (colleague.organisation, colleague.roles) == ("pirkanmaa", {"reviewer"})
    # claims, when complete, come before the domain entry
    claimed = principal_from_user(
        user(email="matti@example.fi", organisation="kainuu", roles="drafter"), settings(), mapping
    )
    assert claimed is not None and claimed.organisation == "kainuu"
    lapland = principal_from_user(user(email="anna@lappi.example"), settings(), mapping)
    assert lapland is not None and (lapland.organisation, lapland.roles) == ("lappi", {"drafter"})
    assert principal_from_user(user(email="x@other.example"), settings(), mapping) is None


def test_unverified_email_is_not_trusted(mapping: AccessMap) -> None:
    unverified = user(email="maija.meikalainen@example.fi", email_verified=False)
    assert principal_from_user(unverified, settings(), mapping) is None
    assert (
        principal_from_user(user(email="matti@example.fi", email_verified=False), settings(), mapping) is None
    )
    verified = principal_from_user({**unverified, "email_verified": True}, settings(), mapping)
    assert verified is not None and verified.organisation == "pirkanmaa"


def test_local_principal_is_the_default_admin() -> None:
    local = local_principal()
    assert local.organisation == "default" and local.roles == {"admin"}
    assert local.name == "paikallinen käyttäjä"  # the author recorded before logins existed
    assert settings().auth_required is False


def test_missing_or_empty_access_file_is_an_empty_map(tmp_path: Path) -> None:
    assert load_access_map(tmp_path / "none.yaml") == AccessMap()
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nobody yet\n", encoding="utf-8")
    assert load_access_map(empty) == AccessMap()
    assert settings(data_dir=tmp_path).access_file == tmp_path / "access.yaml"
    assert settings(auth_access_file=empty).access_file == empty


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("users: [a, b]\n", "users"),
        ("users:\n  a@b.fi: {organisation: x, roles: [superuser]}\n", "roles"),
        ("users:\n  a@b.fi: {organisation: x}\n", "roles"),
        ("users:\n  a@b.fi: {organisation: '', roles: [admin]}\n", "organisation"),
        ("groups: {}\n", "groups"),
        ("users: {a: [unclosed\n", "while parsing"),
        ("- just a list\n", "mapping"),
    ],
)
def test_invalid_access_file_is_named(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "access.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AccessConfigError) as error:
        load_access_map(path)
    assert str(path) in str(error.value) and problem in str(error.value)
    for lang in LANGUAGES:
        message = error.value.message(lang)
        assert str(path) in message and not message.startswith("access.")


def test_access_file_that_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "access.yaml"
    path.write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(AccessConfigError):
        load_access_map(path)
