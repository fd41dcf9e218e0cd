"""Settings refuse to start insecurely."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def _import_settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import lindung.settings.main"],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


class TestSecretKey:
    def test_refuses_to_start_without_secret_key_outside_debug(self):
        result = _import_settings(DEBUG="false")
        assert result.returncode != 0
        assert "SECRET_KEY must be set" in result.stderr

    def test_refuses_the_development_key_outside_debug(self):
        from lindung.settings.security import _DEV_SECRET_KEY

        result = _import_settings(DEBUG="false", SECRET_KEY=_DEV_SECRET_KEY)
        assert result.returncode != 0

    def test_debug_may_use_the_development_key(self):
        assert _import_settings(DEBUG="true").returncode == 0

    @pytest.mark.parametrize("name", ["SECURE_HSTS_SECONDS", "SECURE_PROXY_SSL_HEADER"])
    def test_hsts_and_proxy_headers_outside_debug(self, name):
        code = f"import lindung.settings.main as s; assert s.{name}"
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-c", code],
            env={**os.environ, "DEBUG": "false", "SECRET_KEY": "x" * 50},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
