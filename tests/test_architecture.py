"""Architecture rules checked by parsing the project's source and configuration, without running it."""
import ast
import re
import tomllib
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def our_apps(installed_apps, root: Path = ROOT) -> tuple[str, ...]:
    """The apps of ``installed_apps`` that are ours: those whose package is a directory at the
    top of the checkout (Django's and other libraries' live in the virtualenv)."""
    return tuple(dict.fromkeys(
        package for package in (name.split(".")[0] for name in installed_apps)
        if (root / package / "__init__.py").is_file()))


PACKAGES = our_apps(settings.INSTALLED_APPS)


def test_our_apps_are_those_with_a_package_in_the_checkout(tmp_path):
    for package in ("alpha", "beta"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "gamma").mkdir()  # a directory that is no package
    installed = ["django.contrib.admin", "alpha", "beta.apps.BetaConfig", "gamma", "delta"]
    assert our_apps(installed, tmp_path) == ("alpha", "beta")
    # The walk below covers every app of ours, the newest included.
    assert {"qaportal", "core", "operations", "notifications", "reminders", "exports"} <= set(PACKAGES)


def layer_contract_drift(apps, importlinter: dict) -> list[str]:
    """How import-linter's ``root_packages`` and layers contract differ from ``apps``: each app
    must be a root package and sit in exactly one layer, and nothing else may."""
    apps, problems = set(apps), []
    roots = importlinter.get("root_packages", [])
    if set(roots) != apps or len(roots) != len(set(roots)):
        problems.append(f"root_packages: missing {sorted(apps - set(roots))}, "
                        f"not apps {sorted(set(roots) - apps)}, listed twice "
                        f"{sorted({r for r in roots if roots.count(r) > 1})}")
    layered = [name.strip() for contract in importlinter.get("contracts", [])
               if contract.get("type") == "layers"
               for layer in contract.get("layers", []) for name in re.split(r"[|:]", layer)]
    if set(layered) != apps or len(layered) != len(set(layered)):
        problems.append(f"layers: missing {sorted(apps - set(layered))}, "
                        f"not apps {sorted(set(layered) - apps)}, listed twice "
                        f"{sorted({n for n in layered if layered.count(n) > 1})}")
    return problems


IMPORTLINTER = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def test_the_import_layers_hold_every_app_in_installed_apps_and_nothing_else():
    assert layer_contract_drift(PACKAGES, IMPORTLINTER) == []


def _drifted(drift: str) -> tuple[tuple[str, ...], dict]:
    """The apps and import-linter configuration with one kind of drift put in."""
    contract = IMPORTLINTER["contracts"][0]
    if drift == "app missing":  # an app added to INSTALLED_APPS and not to the contract
        return (*PACKAGES, "newapp"), IMPORTLINTER
    if drift == "package not an app":  # an app taken out of INSTALLED_APPS, left in the contract
        return tuple(app for app in PACKAGES if app != "operations"), IMPORTLINTER
    if drift == "app not in a layer":
        layers = [layer for layer in contract["layers"] if layer != "operations"]
    else:  # "app in two layers"
        layers = [*contract["layers"], "core"]
    return PACKAGES, {**IMPORTLINTER, "contracts": [{**contract, "layers": layers}]}


@pytest.mark.parametrize("drift", ["app missing", "package not an app", "app not in a layer",
                                   "app in two layers"])
def test_the_layer_check_fails_when_the_lists_drift(drift):
    apps, config = _drifted(drift)
    assert layer_contract_drift(apps, config) != []


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(path): path for package in PACKAGES
           for path in sorted((ROOT / package).rglob("*.py"))}


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _resolve(current: str, is_package: bool, module: str | None, level: int) -> str:
    """The absolute name of a (possibly relative) ``from ... import`` source."""
    if not level:
        return module or ""
    base = current.split(".") if is_package else current.split(".")[:-1]
    base = base[:len(base) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def private_reaches(name: str, path: Path) -> list[str]:
    """Each place the module imports, or reads as ``module._name``, a leading-underscore name
    of another project module."""
    tree = ast.parse(path.read_text(), filename=str(path))
    is_package = path.name == "__init__.py"
    found, bound = [], {}  # bound: local name -> project module it stands for
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in PACKAGES:
                    if alias.asname:
                        bound[alias.asname] = alias.name
                    else:
                        bound[alias.name.split(".")[0]] = alias.name.split(".")[0]
                for part in alias.name.split("."):
                    if _private(part):
                        found.append(f"{path.name}:{node.lineno} imports {alias.name}")
        elif isinstance(node, ast.ImportFrom):
            source = _resolve(name, is_package, node.module, node.level)
            if source.split(".")[0] not in PACKAGES:
                continue
            for alias in node.names:
                target = f"{source}.{alias.name}"
                if target in MODULES:
                    bound[alias.asname or alias.name] = target
                if _private(alias.name) and source != name:
                    found.append(f"{path.name}:{node.lineno} imports {alias.name} from {source}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            chain, value = [node.attr], node.value
            while isinstance(value, ast.Attribute):
                chain.insert(0, value.attr)
                value = value.value
            if isinstance(value, ast.Name) and value.id in bound:
                owner = ".".join([bound[value.id], *chain[:-1]])
                if owner != name:
                    found.append(f"{path.name}:{node.lineno} reads {owner}.{node.attr}")
    return found


def test_the_checker_sees_module_level_private_reaches(tmp_path):
    source = tmp_path / "views.py"
    source.write_text("from .services import _plan_for, public\n"
                      "from assessments import services\n"
                      "import assessments.services as s\n"
                      "services._require(True, '')\ns._require\nservices.__doc__\n")
    assert len(private_reaches("assessments.views", source)) == 3


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_reaches_into_another_modules_private_names(name):
    assert private_reaches(name, MODULES[name]) == []


MAX_MODULE_LINES = 500
# Everything we wrote, tests included; migrations are generated.
OUR_SOURCE = sorted(path for path in ROOT.rglob("*.py")
                    if path.relative_to(ROOT).parts[0] in (*PACKAGES, "tests")
                    and "migrations" not in path.parts)


def test_no_module_is_over_500_lines():
    long = {str(path.relative_to(ROOT)): n for path in OUR_SOURCE
            if (n := len(path.read_text().splitlines())) > MAX_MODULE_LINES}
    assert long == {}, "split these by what they do"


def test_the_assessments_app_holds_no_qa_visit_module():
    # QA visits are their own app: views, services, forms, selectors, urls, rules, templates.
    assert sorted(p.name for p in (ROOT / "assessments").rglob("*visit*")
                  if "migrations" not in p.parts) == []
    assert not (ROOT / "templates" / "assessments" / "visits").exists()
    assert len(OUR_SOURCE) > 100  # the walk found the project
