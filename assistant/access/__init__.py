"""Access control: who is acting (`Principal`), what their roles allow, and plan and comment stores
scoped to them (`ScopedPlanStore`, `ScopedCommentStore`), enforced in the service layer.

Login (OpenID Connect through Streamlit's `st.login`) gives identity claims; `principal_from_user` turns
them, with the optional access file, into a principal. Without login the app runs as `local_principal()`,
an admin of the organisation "default". `redact` keeps secrets out of messages and logs.
"""

from assistant.access.errors import AccessConfigError, AccessDenied, AccessError, LoginRequired, NoAccess
from assistant.access.identity import AccessMap, Grant, load_access_map, principal_from_user
from assistant.access.principal import (
    GRANTS,
    LOCAL_ORGANISATION,
    LOCAL_USER_NAME,
    ROLES,
    Permission,
    Principal,
    Role,
    local_principal,
)
from assistant.access.redact import redact
from assistant.access.scoped import ScopedCommentStore, ScopedPlanStore

__all__ = [
    "GRANTS",
    "LOCAL_ORGANISATION",
    "LOCAL_USER_NAME",
    "ROLES",
    "AccessConfigError",
    "AccessDenied",
    "AccessError",
    "AccessMap",
    "Grant",
    "LoginRequired",
    "NoAccess",
    "Permission",
    "Principal",
    "Role",
    "ScopedCommentStore",
    "ScopedPlanStore",
    "load_access_map",
    "local_principal",
    "principal_from_user",
    "redact",
]
