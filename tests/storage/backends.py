"""Storage back ends of the tests: a throwaway PostgreSQL server (Debian's `postgresql` package) and the
`db_url`/`store`/`comments` fixtures that run a test against a SQLite file and against PostgreSQL.

The conftests that need them import the fixtures from here. The PostgreSQL cluster is a process-wide
singleton: however many conftests import `postgres_url`, one cluster is started per test session and
stopped when the session ends.

The server binaries are looked up under /usr/lib/postgresql/*/bin. When they are missing they are
installed with apt-get only when running as root with CI or ASSISTANT_TEST_INSTALL_PG set; otherwise the
PostgreSQL tests are skipped with a visible reason. As root, initdb and the server run as the `postgres`
system user (via runuser), because PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from assistant.storage import PlanStore
from assistant.storage.comments import CommentStore
from tests.requirements import unavailable
from tests.servers import free_port

__all__ = ["comments", "db_url", "postgres_database", "postgres_url", "store"]

NOT_INSTALLED = "PostgreSQL server binaries not installed (apt-get install postgresql)"


def _bindir() -> Path | None:
    """The newest installed server's bin directory that has initdb and pg_ctl."""

    def major(path: Path) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", path.parent.name)) or (0,)

    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=major, reverse=True)
    for candidate in candidates:
        if (candidate / "initdb").is_file() and (candidate / "pg_ctl").is_file():
            return candidate
    return None


def _install_allowed() -> bool:
    wanted = bool(os.environ.get("CI") or os.environ.get("ASSISTANT_TEST_INSTALL_PG"))
    return wanted and os.geteuid() == 0 and shutil.which("apt-get") is not None


def _install() -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "postgresql"]):
        subprocess.run(command, env=env, capture_output=True, timeout=900, check=False)


def _postgres_user() -> pwd.struct_passwd | None:
    """The `postgres` system user (the Debian package creates it); created if missing."""
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        pass
    if shutil.which("useradd") is None:
        return None
    subprocess.run(
        ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"],
        capture_output=True,
        check=False,
    )
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        return None


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


class _Unavailable(Exception):
    """PostgreSQL cannot be started here; the message is the reason the tests are skipped."""


def _start_cluster() -> tuple[str, Callable[[], None]]:
    """Start a throwaway cluster on a loopback port: its database URL and the function that stops it."""
    bindir = _bindir()
    if bindir is None and _install_allowed():
        _install()
        bindir = _bindir()
    if bindir is None:
        raise _Unavailable(NOT_INSTALLED)

    root = Path(tempfile.mkdtemp(prefix="assistant-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        user = _postgres_user()
        if user is None or shutil.which("runuser") is None:
            shutil.rmtree(root, ignore_errors=True)
            raise _Unavailable(
                "running as root, but there is no `postgres` user or no runuser to start PostgreSQL"
            )
        os.chown(root, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]

    data, log = root / "data", root / "server.log"
    initdb = _run(
        [
            *prefix,
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        ]
    )
    if initdb.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        raise _Unavailable(f"initdb failed: {(initdb.stderr or initdb.stdout).strip()[-500:]}")

    pg_ctl = str(bindir / "pg_ctl")
    port = 0
    for _attempt in range(3):  # a free port can be taken between the check and the start
        port = free_port()
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        started = _run(
            [*prefix, pg_ctl, "-D", str(data), "-l", str(log), "-o", options, "-w", "-t", "60", "start"]
        )
        if started.returncode == 0:
            break
    else:
        tail = log.read_text(errors="replace")[-800:] if log.exists() else started.stderr
        shutil.rmtree(root, ignore_errors=True)
        raise _Unavailable(f"PostgreSQL did not start: {tail.strip()}")

    def stop() -> None:
        _run([*prefix, pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"])
        shutil.rmtree(root, ignore_errors=True)

    try:
        with psycopg.connect(
            host="127.0.0.1", port=port, user="postgres", dbname="postgres", autocommit=True
        ) as c:
            c.execute("CREATE DATABASE assistant_test")
    except BaseException:
        stop()
        raise
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/assistant_test", stop


# The process-wide cluster: {"url": ...} once started, {"skip": reason} when it cannot be started.
_CLUSTER: dict[str, str] = {}


def shared_postgres_url(config: pytest.Config) -> str:
    """The URL of the session's one cluster, started on first use and stopped when pytest finishes."""
    if "skip" in _CLUSTER:
        unavailable(_CLUSTER["skip"])
    if "url" not in _CLUSTER:
        try:
            url, stop = _start_cluster()
        except _Unavailable as exc:
            _CLUSTER["skip"] = str(exc)
            unavailable(str(exc))

        def cleanup() -> None:
            _CLUSTER.clear()
            stop()

        config.add_cleanup(cleanup)
        _CLUSTER["url"] = url
    return _CLUSTER["url"]


@pytest.fixture(scope="session")
def postgres_url(request: pytest.FixtureRequest) -> str:
    """URL of a database on a throwaway PostgreSQL cluster on a loopback port (stopped at the end)."""
    return shared_postgres_url(request.config)


@pytest.fixture
def postgres_database(postgres_url: str) -> Iterator[str]:
    """A fresh, empty database on the session's server, dropped after the test."""
    url = make_url(postgres_url)
    name = f"t_{uuid.uuid4().hex[:16]}"
    connect = {
        "host": url.host,
        "port": url.port,
        "user": url.username,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**connect) as conn:  # type: ignore[arg-type]
        conn.execute(f'CREATE DATABASE "{name}"')
    yield url.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(**connect) as conn:  # type: ignore[arg-type]
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The test runs twice: on a SQLite file and on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'plans.sqlite3'}"
    return str(request.getfixturevalue("postgres_database"))


@pytest.fixture
def store(db_url: str) -> Iterator[PlanStore]:
    with PlanStore(db_url) as plan_store:
        yield plan_store


@pytest.fixture
def comments(store: PlanStore) -> CommentStore:
    return CommentStore(store.engine)


def url_of(store: PlanStore) -> str:
    """The store's database URL, password included: another store or process opens the same database."""
    return store.engine.url.render_as_string(hide_password=False)
