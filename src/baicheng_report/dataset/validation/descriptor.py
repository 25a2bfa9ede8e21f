"""datapackage.json as the schemas generate it (names, paths, fields, keys), with the hash of
every file as it is now."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from baicheng_report.dataset import descriptor_check, guarded
from baicheng_report.dataset.tables import DESCRIPTOR, DescriptorError, descriptor
from baicheng_report.dataset.validation.failure import Failure
from baicheng_report.dataset.validation.rules import Rule, declare

READABLE = declare(
    "datapackage.readable", "datapackage.json is a regular file under its size cap and parses"
)
_COMPARED = {rule_id: declare(rule_id, text) for rule_id, text in descriptor_check.RULES.items()}
RESOURCE = declare("datapackage.resource", "datapackage.json lists every file")
HASH = declare("datapackage.hash", "datapackage.json holds each file's SHA-256")
PACKAGE_RULES: dict[str, str] = {
    r.id: r.description for r in (READABLE, *_COMPARED.values(), RESOURCE, HASH)
}


def stale_package(data_dir: Path) -> list[Failure]:
    try:
        desc = descriptor(data_dir)
    except DescriptorError as err:
        reason = str(err).removeprefix(f"{DESCRIPTOR}: ")
        return [READABLE.fail(DESCRIPTOR, message=f"{reason} (run `baicheng-report package`)")]
    out = [
        _COMPARED[d.rule_id].fail(DESCRIPTOR, message=d.text)
        for d in descriptor_check.differences(desc)
    ]
    for name, want in descriptor_check.expected_resources().items():
        failure = _stale_file(data_dir, desc, name, want["path"])
        if failure is not None:
            out.append(failure)
    return out


def _stale_file(data_dir: Path, desc: dict[str, Any], name: str, rel: str) -> Failure | None:
    found = [
        r
        for r in desc["resources"]
        if isinstance(r, dict) and r.get("name") == name and r.get("path") == rel
    ]
    try:
        digest = guarded.sha256(data_dir, rel, guarded.MAX_TEXT_BYTES)
    except guarded.RefusedFile as err:
        if err.rule_id != "file.missing":
            return None  # refused already, by the file's own check; never read to hash it
        digest = None
    rule: Rule | None = None
    if not found or digest is None:
        rule, message = RESOURCE, f"stale: no resource for {rel}"
    elif found[0].get("hash") != f"sha256:{digest}":
        rule, message = HASH, f"stale: the hash of {rel} differs (run `baicheng-report package`)"
    return None if rule is None else rule.fail(DESCRIPTOR, message=message)
