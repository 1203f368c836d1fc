"""Runs a DAG's dbt-docs publishing program as the dbt container would, against moto's S3.

    python3 publish_docs_harness.py DAG_FILE CONSTANT

A stand-in `dbt` on PATH writes the files `dbt docs generate --static` writes (and records its
arguments); the program then runs with the environment the DAG gives the pod. Prints JSON: the
arguments dbt got, every object in the bucket with its content type, and what the program printed. Exit 3 when moto is missing.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import os
import stat
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from dag_facts import Evaluator  # noqa: E402

FAKE_DBT = """#!/bin/sh
printf '%s\\n' "$@" > "$DBT_TARGET_PATH/dbt-arguments"
for file in index.html static_index.html; do printf '<html>docs</html>' > "$DBT_TARGET_PATH/$file"; done
for file in manifest.json catalog.json; do printf '{}' > "$DBT_TARGET_PATH/$file"; done
"""


def main(dag_file: str, constant: str) -> int:
    try:
        import boto3
        from moto import mock_aws
    except ImportError as error:
        print(f"moto or boto3 is not installed ({error}); install them with: pip install 'moto[s3]' boto3", file=sys.stderr)
        return 3
    program = Evaluator(ast.parse(Path(dag_file).read_text(encoding="utf-8"))).eval(ast.Name(id=constant, ctx=ast.Load()))
    if not isinstance(program, str):
        print(f"{constant} in {dag_file} is not a string constant", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        bin_dir, target = Path(scratch, "bin"), Path(scratch, "dbt", "target")
        bin_dir.mkdir()
        target.mkdir(parents=True)
        dbt = bin_dir / "dbt"
        dbt.write_text(FAKE_DBT)
        dbt.chmod(dbt.stat().st_mode | stat.S_IEXEC)
        os.environ.update(
            {
                "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
                "DBT_TARGET_PATH": str(target),
                "DBT_ARTIFACTS_BUCKET": "dp-test-dbt-artifacts",
                "DBT_DOCS_PREFIX": "dbt-docs/",
                "AWS_ACCESS_KEY_ID": "testing",
                "AWS_SECRET_ACCESS_KEY": "testing",
                "AWS_DEFAULT_REGION": "us-east-1",
            }
        )
        with mock_aws():
            s3 = boto3.client("s3", region_name="us-east-1")
            s3.create_bucket(Bucket="dp-test-dbt-artifacts")
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                exec(compile(program, f"{dag_file}:{constant}", "exec"), {"__name__": "__main__"})
            objects = {
                item["Key"]: s3.head_object(Bucket="dp-test-dbt-artifacts", Key=item["Key"])["ContentType"]
                for item in s3.list_objects_v2(Bucket="dp-test-dbt-artifacts").get("Contents", [])
            }
        arguments = (target / "dbt-arguments").read_text().split()
    print(json.dumps({"dbt_arguments": arguments, "objects": objects, "printed": printed.getvalue().splitlines()}))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
