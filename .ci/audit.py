"""Dependency audit for CI: pip-audit over the project's virtualenv (requirements.txt, what it pulls in, and the dev
tools), failing on a known vulnerability that has a fixed release. A vulnerability without a fix is printed, not
failed on: there is nothing to upgrade to. Packages the vulnerability service could not look up are counted and
said loudly, never reported as audited.

Usage: .venv/bin/python .ci/audit.py   (exit 1 when a fixable vulnerability is found)
"""

import json
import subprocess
import sys
from pathlib import Path


def verdict(report):
    """(exit code, lines to print) for pip-audit's JSON report."""
    dependencies = report.get("dependencies", [])
    skipped = [dep for dep in dependencies if "skip_reason" in dep]
    lines, fixable = [], 0
    for dep in dependencies:
        for vuln in dep.get("vulns", []):
            fixes = vuln.get("fix_versions") or []
            fixable += bool(fixes)
            fix = f"fixed in {', '.join(fixes)}" if fixes else "no fixed release yet"
            lines.append(
                f"{'VULNERABLE' if fixes else 'unfixed'}: {dep['name']} {dep.get('version', '')} {vuln['id']} ({fix})"
            )
    audited = len(dependencies) - len(skipped)
    lines.append(
        f"pip-audit: {audited} of {len(dependencies)} packages audited, {fixable} with a fixable vulnerability"
    )
    if skipped:
        lines.append(
            f"WARNING: {len(skipped)} packages NOT audited (the vulnerability service could not be reached or does not "
            f"know them), e.g. {skipped[0]['name']}: {skipped[0]['skip_reason']}"
        )
    return (1 if fixable else 0), lines


def main():
    venv = Path(sys.executable).parent
    result = subprocess.run(
        [str(venv / "pip-audit"), "--format", "json", "--progress-spinner", "off", "--skip-editable"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(result.stdout + result.stderr)
        print("pip-audit gave no report: the audit did not run")
        return 1
    code, lines = verdict(report)
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main())
