"""The archived source: present, with its pinned hash, and the clean and simplified texts in the
directory are the ones derived from it."""

from __future__ import annotations

from pathlib import Path

from baicheng_report.dataset import guarded
from baicheng_report.dataset.validation.failure import Failure
from baicheng_report.dataset.validation.files import refused
from baicheng_report.dataset.validation.rules import declare
from baicheng_report.source import text as source

MISSING = declare("source.missing", "the archived source exists")
HASH = declare("source.hash", "the archived source has its pinned SHA-256")
DERIVED = declare(
    "source.derived", "the clean and simplified texts are the ones derived from the archive"
)


def failures(data_dir: Path) -> list[Failure]:
    try:  # hashed in a stream: only a file with the pinned hash is then read whole
        digest = guarded.sha256(data_dir, source.RAW_FILE, guarded.MAX_TEXT_BYTES)
    except guarded.RefusedFile as err:
        if err.rule_id != "file.missing":
            return [refused(err)]
        return [MISSING.fail(source.RAW_FILE, message="archived source is missing")]
    if digest != source.RAW_SHA256:
        message = "archived source changed: SHA-256 is not the archived one"
        return [HASH.fail(source.RAW_FILE, None, None, digest, message)]
    return _stale_texts(data_dir, source.derive_from(data_dir.resolve()))


def _stale_texts(data_dir: Path, derived: source.Derived) -> list[Failure]:
    out = []
    for rel, want in (
        (source.CLEAN_FILE, derived.clean),
        (source.SIMPLIFIED_FILE, derived.simplified),
    ):
        try:
            data = guarded.read_bytes(data_dir, rel, guarded.MAX_TEXT_BYTES)
            text: str | None = data.decode("utf-8", errors="replace")
        except guarded.RefusedFile as err:
            if err.rule_id != "file.missing":
                out.append(refused(err))
                continue
            text = None
        if text != want:
            message = (
                "stale derived text: differs from the text derived "
                "from the archived source (run `baicheng-report package`)"
            )
            out.append(DERIVED.fail(rel, message=message))
    return out
