"""`assistant access`: check the access file (AUTH_ACCESS_FILE) and what organisation and roles a user
gets from it. The command line itself bypasses roles (an operator's tool with database access)."""

from __future__ import annotations

from typing import Annotated

import typer

from assistant.cli.common import LangOption, app, echo_json, fail, get_settings, pick_language


@app.command("access")
def access(
    email: Annotated[
        str | None, typer.Option("--email", help="Show what this user (a verified e-mail) gets.")
    ] = None,
    sub: Annotated[
        str | None, typer.Option("--sub", help="The user's subject claim, if mapped by it.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    lang: LangOption = None,
) -> None:
    """Validate the access file; with --email/--sub, resolve one user (exit 1: no access, 2: bad file).

    Only the file is consulted here; in the app the identity token's organisation and roles claims are
    used when the file has no entry for the user."""
    from assistant.access import AccessConfigError, load_access_map, principal_from_user
    from assistant.i18n import load_catalog

    language = pick_language(lang)
    messages = load_catalog(language)
    settings = get_settings()
    path = settings.access_file
    try:
        mapping = load_access_map(path)
    except AccessConfigError as exc:
        fail(exc.message(language))
        return

    principal = None
    who = email or sub
    if who:
        # Only identity claims, no organisation or roles claims: the file alone decides.
        info = {"is_logged_in": True, "email": email, "sub": sub, "email_verified": True}
        principal = principal_from_user(info, settings, mapping)
    if as_json:
        echo_json(
            {
                "file": str(path),
                "exists": path.exists(),
                "users": len(mapping.users),
                "domains": len(mapping.domains),
                "principal": principal.model_dump(mode="json") if principal is not None else None,
            }
        )
    else:
        typer.echo(messages.t("access.cli.file", path=path))
        if not path.exists():
            typer.echo(
                messages.t(
                    "access.cli.missing",
                    org_claim=settings.auth_org_claim,
                    roles_claim=settings.auth_roles_claim,
                )
            )
        typer.echo(messages.t("access.cli.users", count=len(mapping.users)))
        typer.echo(messages.t("access.cli.domains", count=len(mapping.domains)))
        if who and principal is not None:
            roles = ", ".join(messages.t(f"access.roles.{r}") for r in principal.sorted_roles())
            typer.echo(
                messages.t("access.cli.principal", who=who, organisation=principal.organisation, roles=roles)
            )
        elif who:
            typer.echo(messages.t("access.cli.no_principal", who=who))
    if who and principal is None:
        raise typer.Exit(1)
