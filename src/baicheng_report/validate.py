"""The validator's former home, kept so `from baicheng_report.validate import validate_dir` (and
`validate.rules()`, as the docs write it) still works: everything lives in `validation`."""

from baicheng_report.validation import (
    MAX_TABLE_BYTES,
    PACKAGE_RULES,
    Failure,
    read_table,
    rules,
    stale_package,
    validate_dir,
)

__all__ = [
    "MAX_TABLE_BYTES",
    "PACKAGE_RULES",
    "Failure",
    "read_table",
    "rules",
    "stale_package",
    "validate_dir",
]
