import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_SETTINGS_MODULE="kb.settings.production")

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="kb.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="help.example.com",
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_sqlite_database_uses_wal_and_waits_for_concurrent_writers(
    tmp_path, django_db_blocker
):
    """A second writer waits for the first instead of failing with 'database is locked'."""
    import threading
    import time

    from django.db.backends.sqlite3.base import DatabaseWrapper

    from kb.settings.base import database_from_url

    config = database_from_url(f"sqlite:///{tmp_path / 'kb.sqlite3'}")
    config.update(TIME_ZONE=None, AUTOCOMMIT=True, CONN_HEALTH_CHECKS=False)
    holding, errors = threading.Event(), []

    def write(hold_seconds):
        connection = DatabaseWrapper(dict(config))
        try:
            with connection.cursor() as cursor:
                cursor.execute("BEGIN IMMEDIATE")
                cursor.execute("INSERT INTO votes VALUES (1)")
                if hold_seconds:
                    holding.set()
                    time.sleep(hold_seconds)
                cursor.execute("COMMIT")
        except Exception as error:  # noqa: BLE001 - the test reports any failure
            errors.append(error)
        finally:
            connection.close()

    with django_db_blocker.unblock():
        setup = DatabaseWrapper(dict(config))
        with setup.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("CREATE TABLE votes (n INTEGER)")
        holder = threading.Thread(target=write, args=(1.0,))
        holder.start()
        holding.wait(5)
        waiter = threading.Thread(target=write, args=(0,))
        waiter.start()
        holder.join()
        waiter.join()
        with setup.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM votes")
            assert cursor.fetchone()[0] == 2
        setup.close()
    assert errors == []


def semantic_setting(**env):
    """KB_SEARCH_SEMANTIC of the development settings, in a process of its own
    with the variable as given (unset when not)."""
    environment = {k: v for k, v in os.environ.items() if k != "KB_SEARCH_SEMANTIC"}
    environment.update(env, DJANGO_SETTINGS_MODULE="kb.settings.dev")
    code = "from django.conf import settings; print(settings.KB_SEARCH_SEMANTIC)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_re_ranking_by_meaning_is_on_where_its_extra_is_installed_unless_turned_off():
    """`make install` installs the semantic extra: the site re-ranks by meaning,
    also with the variable left empty (as .env.example has it), until set to 0."""
    assert semantic_setting() == "True"
    assert semantic_setting(KB_SEARCH_SEMANTIC="") == "True"
    assert semantic_setting(KB_SEARCH_SEMANTIC="0") == "False"
