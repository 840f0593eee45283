"""The packages named in pyproject.toml's [tool.mypy] type-check with django-stubs."""

import os
import subprocess
import sys
import tomllib
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def test_the_type_check_covers_the_lower_layers():
    config = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())["tool"]["mypy"]
    assert {"core", "members", "outbox"} <= set(config["files"])
    checked = {"casestudies/library/models", "casestudies/editorial/services", "casestudies/spread/services"}
    assert checked <= set(config["files"])
    assert "mypy_django_plugin.main" in config["plugins"]


def test_the_type_check_covers_the_models_and_services_of_the_apps_above():
    config = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())["tool"]["mypy"]
    apps = ["groups", "events", "people", "notifications", "digests"]
    assert {f"{app}/{role}.py" for app in apps for role in ("models", "services")} <= set(config["files"])
    assert {"api", "qportal"} <= set(config["files"])


def test_the_named_packages_type_check():
    mypy = Path(sys.executable).parent / "mypy"
    # django-stubs loads the settings; mypy reads them and connects to nothing.
    env = {"SECRET_KEY": "type-check", "DATABASE_URL": "postgres://localhost/x", "REDIS_URL": "redis://localhost/0"}
    result = subprocess.run(
        [mypy], cwd=BASE_DIR, env={**env, **os.environ}, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "Success: no issues found" in result.stdout
