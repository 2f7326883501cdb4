"""CI's dependency audit fails on a known vulnerability with a fixed release, and says when it could not look."""

import importlib.util
from pathlib import Path

spec = importlib.util.spec_from_file_location("ci_audit", Path(__file__).resolve().parent.parent / ".ci" / "audit.py")
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)


def test_a_vulnerability_with_a_fix_fails_the_build():
    code, lines = audit.verdict(
        {
            "dependencies": [
                {"name": "django", "version": "5.2.0", "vulns": [{"id": "PYSEC-1", "fix_versions": ["5.2.1"]}]},
                {"name": "wagtail", "version": "8.0.1", "vulns": []},
            ]
        }
    )
    assert code == 1
    assert "VULNERABLE: django 5.2.0 PYSEC-1 (fixed in 5.2.1)" in lines
    assert "pip-audit: 2 of 2 packages audited, 1 with a fixable vulnerability" in lines


def test_a_vulnerability_without_a_fix_is_shown_but_does_not_fail():
    code, lines = audit.verdict(
        {"dependencies": [{"name": "boto3", "version": "1.0", "vulns": [{"id": "GHSA-x", "fix_versions": []}]}]}
    )
    assert code == 0
    assert "unfixed: boto3 1.0 GHSA-x (no fixed release yet)" in lines


def test_packages_that_could_not_be_looked_up_are_never_counted_as_audited():
    code, lines = audit.verdict(
        {
            "dependencies": [
                {"name": "django", "skip_reason": "Dependency not found on PyPI and could not be audited"},
                {"name": "wagtail", "version": "8.0.1", "vulns": []},
            ]
        }
    )
    assert code == 0
    assert "pip-audit: 1 of 2 packages audited, 0 with a fixable vulnerability" in lines
    assert any(line.startswith("WARNING: 1 packages NOT audited") for line in lines)
