#!/usr/bin/python3
"""Schemathesis against the mengpaneel's OpenAPI document: `verbinder serve` on a free loopback port; every
generated request must get no 5xx, a documented status and content type, and a body matching the schema.
Prints 'schemathesis: N passed, N failed'."""
import os
import subprocess
import sys
import tempfile

from mengpaneel_test import ROOT, Server

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


def main():
    schemathesis = os.environ.get("SCHEMATHESIS") or os.path.join(ROOT, ".venv-test/bin/schemathesis")
    folder = tempfile.mkdtemp(prefix="mengpaneel-schemathesis-")
    server = Server(folder, "--max-sweep-runs", "20")  # a generated sweep stays small
    try:
        result = subprocess.run(
            [schemathesis, "run", server.origin + "/openapi.json", "--checks", CHECKS, "--max-examples", "25",
             "--seed", "2024", "--workers", "1", "--request-timeout", "120", "--phases", "examples,coverage,fuzzing"],
            cwd=folder)
    finally:
        server.stop()
    failed = 0 if result.returncode == 0 else 1
    print(f"schemathesis: {1 - failed} passed, {failed} failed")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
