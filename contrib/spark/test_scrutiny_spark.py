"""Tests of the Spark driver in local mode, with a stand-in `scrutiny` whose output is known.

Run: target/scale-venv/bin/python -m unittest contrib/spark/test_scrutiny_spark.py
(needs pyspark in that environment and Java 17; `cargo xtask scale-test` creates it).
"""

import json
import os
import stat
import subprocess
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
DRIVER = os.path.join(HERE, "scrutiny_spark.py")

# map: one JSON line per path (and a stats line), exit 3 for a path containing "fail";
# reduce: every input line, sorted, into OUT/all.jsonl.
FAKE = textwrap.dedent(
    """\
    #!{python}
    import json, os, sys
    cmd, pipeline, rest = sys.argv[1], sys.argv[2], sys.argv[3:]
    if cmd == "map":
        for path in rest:
            if "fail" in path:
                sys.stderr.write("cannot read " + path + "\\n")
                sys.exit(3)
            print(json.dumps({{"kind": "article", "path": path, "pipeline": pipeline}}))
        print(json.dumps({{"kind": "stats", "files": len(rest)}}))
    elif cmd == "reduce":
        out = rest[rest.index("--out") + 1]
        inputs = rest[: rest.index("--out")]
        lines = [l for p in inputs for l in open(p, encoding="utf-8") if l.strip()]
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, "all.jsonl"), "w", encoding="utf-8") as f:
            f.writelines(sorted(lines))
    else:
        sys.exit(2)
    """
)


class DriverTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="scrutiny-spark-test-")
        self.fake = os.path.join(self.dir, "scrutiny")
        with open(self.fake, "w", encoding="utf-8") as f:
            f.write(FAKE.format(python=sys.executable))
        os.chmod(self.fake, os.stat(self.fake).st_mode | stat.S_IEXEC)

    def submit(self, paths):
        manifest = os.path.join(self.dir, "manifest.txt")
        with open(manifest, "w", encoding="utf-8") as f:
            f.write("# a comment\n\n" + "\n".join(paths) + "\n")
        spark_submit = os.path.join(os.path.dirname(sys.executable), "spark-submit")
        env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
        cmd = [spark_submit, "--master", "local[2]", DRIVER, "--scrutiny", self.fake,
               "--pipeline", "p.yaml", "--manifest", manifest,
               "--map-out", os.path.join(self.dir, "map"), "--out", os.path.join(self.dir, "out")]
        return subprocess.run(cmd, env=env, capture_output=True, text=True)

    def test_every_file_is_mapped_once_and_reduced(self):
        paths = [f"/data/cc-news-{i}.warc.gz" for i in range(5)]
        run = self.submit(paths)
        self.assertEqual(run.returncode, 0, run.stderr[-3000:])
        with open(os.path.join(self.dir, "out", "all.jsonl"), encoding="utf-8") as f:
            records = [json.loads(l) for l in f]
        articles = sorted(r["path"] for r in records if r["kind"] == "article")
        self.assertEqual(articles, sorted(paths))
        # One map per partition, so one stats line per file.
        self.assertEqual(sum(1 for r in records if r["kind"] == "stats"), len(paths))

    def test_a_failing_map_fails_the_job_and_nothing_is_reduced(self):
        run = self.submit(["/data/a.warc.gz", "/data/fail.warc.gz"])
        self.assertNotEqual(run.returncode, 0)
        self.assertIn("exited with 3", run.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "out")))


if __name__ == "__main__":
    unittest.main()
