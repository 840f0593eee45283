"""The layers of DESIGN.md hold: imports only go downwards (import-linter's contract in pyproject.toml)."""

import subprocess
import sys
import tomllib
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())["tool"]["importlinter"]
# The project's apps in the order qportal/settings.py installs them: top of the layers first.
LAYERS = [app for app in settings.INSTALLED_APPS if app in CONFIG["root_packages"]]


def test_the_layer_contract_names_every_app_in_the_documented_order():
    (contract,) = (c for c in CONFIG["contracts"] if c["name"] == "Apps import only downwards")
    assert contract["layers"] == LAYERS
    assert sorted(CONFIG["root_packages"]) == sorted(LAYERS)


def test_no_app_imports_one_above_it():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([lint_imports, "--no-cache"], cwd=BASE_DIR, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "Apps import only downwards KEPT" in result.stdout
    assert "Case study features build on the library KEPT" in result.stdout
    assert ", 0 broken" in result.stdout


def test_the_case_study_features_build_on_the_library():
    """Editorial work above spread above the library, so taxonomy and Markdown (which groups,
    events and digests import) sit where no feature reaches sideways for them."""
    (contract,) = (c for c in CONFIG["contracts"] if c["name"] == "Case study features build on the library")
    assert contract["layers"] == ["casestudies.editorial", "casestudies.spread", "casestudies.library"]


def test_every_apps_views_are_kept_from_the_models_of_the_apps_below():
    """Views read other apps through their queries modules and write through their services: a
    contract per app forbids its views the models of every app below it (those above, the layers)."""
    forbidden = {c["name"]: c for c in CONFIG["contracts"] if c["type"] == "forbidden"}
    models_of = {app: [f"{app}.models"] for app in LAYERS}
    models_of["casestudies"] += [f"casestudies.{feature}.models" for feature in ("library", "editorial", "spread")]
    # members is the lowest app with models: only core, which has none, is below it.
    for position, app in enumerate(LAYERS[: LAYERS.index("members")]):
        contract = forbidden[f"The views of {app} read other apps through their queries"]
        assert any(source.startswith(app) and "views" in source for source in contract["source_modules"])
        below = [module for lower in LAYERS[position + 1 :] for module in models_of[lower]]
        assert set(below) - {"core.models"} <= set(contract["forbidden_modules"]), app
        assert contract["allow_indirect_imports"] is True
