"""CI runs where it claims: workflows valid, every job that runs project code in Debian through the
project's own scripts, one list of system packages, one wheel check; and every module the
package imports is a declared dependency."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path
from typing import Any

import pytest
import yaml

from baicheng_report.report.build import INSTALL_SYSTEM_PACKAGES
from tests.conftest import ROOT, system_packages

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
CI = ROOT / ".ci"
IMAGE = "python:3.11-bookworm"
# Jobs that run no project code: they hand on what a container job built and checked.
HAND_ON = {"actions/deploy-pages", "actions/download-artifact", "pypa/gh-action-pypi-publish"}


def _check_jsonschema(*files: Path) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("check-jsonschema")
    return subprocess.run(
        [str(exe), "--builtin-schema", "vendor.github-workflows", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )


def _jobs() -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for workflow in WORKFLOWS:
        jobs = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]
        found += [(workflow.name, name, job) for name, job in jobs.items()]
    return found


def _action(step: dict[str, Any]) -> str:
    return str(step.get("uses", "")).split("@")[0]


def test_workflows_match_the_github_schema_offline(tmp_path: Path) -> None:
    assert WORKFLOWS
    result = _check_jsonschema(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  test:\n    runs-on: 3\n    stepz: []\n", "utf-8")
    assert _check_jsonschema(broken).returncode == 1


@pytest.mark.parametrize(("workflow", "name", "job"), _jobs(), ids=lambda v: str(v)[:20])
def test_every_job_with_project_code_runs_in_debian_through_a_ci_script(
    workflow: str, name: str, job: dict[str, Any]
) -> None:
    steps = job["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    if not runs and not any(_action(s) == "actions/checkout" for s in steps):
        assert {_action(s) for s in steps} <= HAND_ON, (workflow, name)
        return
    container = job.get("container")
    image = container["image"] if isinstance(container, dict) else container
    assert image == IMAGE, (workflow, name)
    for command in runs:
        script = re.fullmatch(r"bash (\.ci/[\w-]+)", command.strip())
        assert script, f"{workflow}:{name} runs {command!r}, not one of the project's scripts"
        assert (ROOT / script.group(1)).is_file()


def test_the_system_packages_are_listed_once() -> None:
    packages = system_packages()
    assert {"chromium", "fonts-noto-cjk", "poppler-utils"} <= set(packages)
    for workflow in WORKFLOWS:  # its jobs run only .ci scripts (checked above); nor any apt-get
        assert "apt-get" not in workflow.read_text(encoding="utf-8")
    for script in ("run", "book"):
        assert ".ci/install-system-packages\n" in (CI / script).read_text(encoding="utf-8")
    script = INSTALL_SYSTEM_PACKAGES.split()[-1]
    assert os.access(ROOT / script, os.X_OK)


def _fake_debian(tmp_path: Path, installed: set[str]) -> tuple[dict[str, str], Path]:
    """dpkg-query that knows `installed`, and apt-get that logs its arguments."""
    bin_dir, log = tmp_path / "bin", tmp_path / "apt.log"
    bin_dir.mkdir()
    known = " ".join(sorted(installed))
    (bin_dir / "dpkg-query").write_text(
        f'#!/bin/sh\nfor p in {known}; do [ "$p" = "$3" ] && printf installed && exit 0; done\n'
        "exit 1\n",
        encoding="utf-8",
    )
    (bin_dir / "apt-get").write_text(f'#!/bin/sh\necho "$@" >> {log}\n', encoding="utf-8")
    for tool in bin_dir.iterdir():
        tool.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}:/usr/bin:/bin"}, log


def test_the_install_script_installs_exactly_the_missing_packages(tmp_path: Path) -> None:
    packages = system_packages()
    env, log = _fake_debian(tmp_path, {packages[0]})
    script = str(ROOT / INSTALL_SYSTEM_PACKAGES.split()[-1])
    subprocess.run([script], env=env, check=True, capture_output=True)
    calls = log.read_text(encoding="utf-8").splitlines()
    assert calls[0] == "update -qq"
    assert calls[1].split()[-len(packages) + 1 :] == packages[1:]
    assert packages[0] not in calls[1].split()
    (tmp_path / "all").mkdir()
    env, log = _fake_debian(tmp_path / "all", set(packages))
    subprocess.run([script], env=env, check=True, capture_output=True)
    assert not log.exists()  # nothing missing: no apt-get at all, so no network either


def test_the_book_job_publishes_what_make_book_builds() -> None:
    from baicheng_report.cli import build

    pages = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    steps = pages["jobs"]["build"]["steps"]
    assert [s["run"] for s in steps if "run" in s] == ["bash .ci/book"]
    upload = next(s for s in steps if _action(s) == "actions/upload-pages-artifact")
    out = next(p for p in build.params if p.name == "out")
    assert Path(upload["with"]["path"]) == out.default
    book = (CI / "book").read_text(encoding="utf-8")
    assert "make book BOOK_PDF=--pdf\n" in book  # a published site always has its PDFs


def test_the_release_runs_the_wheel_test_checks() -> None:
    release = yaml.safe_load((ROOT / ".github/workflows/release.yml").read_text(encoding="utf-8"))
    assert [s["run"] for s in release["jobs"]["dist"]["steps"] if "run" in s] == [
        "bash .ci/release"
    ]
    assert ".ci/check-wheel dist/*.whl" in (CI / "release").read_text(encoding="utf-8")


def _imports(path: Path) -> tuple[set[str], set[str]]:
    """Top-level module names a file imports: at module level, and inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(n) for n in tree.body}
    module, deferred = set(), set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        (module if id(node) in top else deferred).update(n.split(".")[0] for n in names)
    return module, deferred


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> dict[str, set[str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = re.compile(r"^[A-Za-z0-9._-]+")
    groups = {"": project["dependencies"], **project["optional-dependencies"]}
    return {group: {_norm(names.findall(d)[0]) for d in deps} for group, deps in groups.items()}


def test_every_imported_module_is_a_declared_dependency() -> None:
    """Report modules may use the core and the `report` extra; other modules the core at module
    level, and any extra inside a function (where a missing extra is reported)."""
    declared = _declared()
    distributions = packages_distributions()
    package = ROOT / "src" / "baicheng_report"
    undeclared = []
    any_extra = set().union(*declared.values())
    for path in sorted(package.rglob("*.py")):
        module, deferred = _imports(path)
        if "report" in path.relative_to(package).parts:
            checks = [(module | deferred, declared[""] | declared["report"])]
        else:
            checks = [(module, declared[""]), (deferred, any_extra)]
        for names, allowed in checks:
            for name in sorted(names - set(sys.stdlib_module_names) - {"baicheng_report"}):
                dists = {_norm(d) for d in distributions.get(name, [name])}
                if not dists & allowed:
                    undeclared.append(f"{path.relative_to(ROOT)}: {name} ({', '.join(dists)})")
    assert not undeclared, "imported but not declared in pyproject.toml:\n" + "\n".join(undeclared)
