"""`make run` shows DEBUG pages to this machine only."""

import os
import shutil
import subprocess

import pytest

from tests.live_server_process import ROOT


def check_host(host, settings_module):
    if not shutil.which("make"):
        pytest.skip("make is missing")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module}
    return subprocess.run(
        ["make", "--no-print-directory", "-s", "check-host", f"HOST={host}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_make_run_serves_this_machine_with_the_development_settings(host):
    assert check_host(host, "kb.settings.dev").returncode == 0


@pytest.mark.parametrize("host", ["0.0.0.0", "help.example.lan", "192.168.1.20"])
def test_make_run_refuses_other_machines_unless_the_production_settings_are_chosen(
    host,
):
    refused = check_host(host, "kb.settings.dev")
    assert refused.returncode != 0
    assert "DEBUG" in refused.stdout and "kb.settings.production" in refused.stdout

    assert check_host(host, "kb.settings.production").returncode == 0
