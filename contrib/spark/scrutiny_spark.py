"""Run scrutiny over a manifest of WARC files with Apache Spark: `scrutiny map` per file, then `reduce`.

Modelled on Common Crawl's cc-pyspark jobs: the input is a manifest (a text file with one WARC
path or URL per line, like CC's warc.paths), each WARC file is one partition, and each partition
pipes its file through the `scrutiny map` binary. Only map's small JSON Lines records leave the
executors: Spark writes them with its own output committer (so a retried or speculative task
never leaves half a file), and the driver then runs `scrutiny reduce` over them, which does the
deduplication, merging and export of `scrutiny run` and gives the same bytes.

Local:   spark-submit --master 'local[2]' contrib/spark/scrutiny_spark.py \
             --scrutiny target/release/scrutiny --pipeline pipelines/warc.yaml \
             --manifest warc.paths --map-out /tmp/scrutiny-map --out data/out-spark
Cluster: see docs/scale-out.md (the binary, the pipeline and any gazetteer file it names must exist on every node,
         or be shipped with --files/--archives; --map-out must then be a shared file system).
"""

import argparse
import os
import subprocess
import sys
import tempfile
from urllib.parse import urlparse


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scrutiny", required=True, help="path of the scrutiny binary (on every node)")
    p.add_argument("--pipeline", required=True, help="pipeline YAML (on every node)")
    p.add_argument("--manifest", required=True, help="text file: one WARC path per line")
    p.add_argument("--map-out", required=True, help="folder for map's JSON Lines (must not exist)")
    p.add_argument("--out", required=True, help="output folder of reduce (the datasets)")
    p.add_argument("--map-arg", action="append", default=[], help="extra argument for `scrutiny map` (repeatable)")
    p.add_argument("--reduce-arg", action="append", default=[], help="extra argument for `scrutiny reduce` (repeatable)")
    p.add_argument("--no-reduce", action="store_true", help="stop after map (run reduce elsewhere)")
    return p.parse_args(argv)


def read_manifest(path):
    """The manifest's paths, in order, without blank lines or # comments."""
    with open(path, encoding="utf-8") as f:
        lines = [line.strip() for line in f]
    return [line for line in lines if line and not line.startswith("#")]


def map_command(scrutiny, pipeline, warc, extra):
    return [scrutiny, "map", pipeline, *extra, warc]


def run_map(scrutiny, pipeline, extra):
    """The function each partition runs: one `scrutiny map` per WARC path, its stdout lines out.

    A non-zero exit fails the task (Spark retries it, then fails the job): output is never
    taken from a map that did not finish."""

    def run(_index, paths):
        for warc in paths:
            cmd = map_command(scrutiny, pipeline, warc, extra)
            with tempfile.TemporaryFile() as err:
                proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err)
                for line in proc.stdout:
                    yield line.decode("utf-8").rstrip("\n")
                code = proc.wait()
                if code != 0:
                    err.seek(0)
                    tail = err.read()[-2000:].decode("utf-8", "replace")
                    raise RuntimeError(f"`{' '.join(cmd)}` exited with {code}:\n{tail}")

    return run


def local_parts(map_out):
    """The part files Spark wrote, sorted (reduce does not depend on their order)."""
    path = urlparse(map_out).path if map_out.startswith("file:") else map_out
    return sorted(
        os.path.join(path, name)
        for name in os.listdir(path)
        if name.startswith("part-") and not name.endswith(".crc")
    )


def main(argv):
    args = parse_args(argv)
    from pyspark.sql import SparkSession  # imported here so that --help works without Spark

    spark = SparkSession.builder.appName("scrutiny-map").getOrCreate()
    sc = spark.sparkContext
    warcs = read_manifest(args.manifest)
    if not warcs:
        raise SystemExit(f"manifest {args.manifest} lists no WARC files")
    # One partition per WARC file, as cc-pyspark does: a file is the unit of work and of retry.
    rdd = sc.parallelize(warcs, numSlices=len(warcs))
    lines = rdd.mapPartitionsWithIndex(run_map(args.scrutiny, args.pipeline, args.map_arg))
    lines.saveAsTextFile(args.map_out)
    spark.stop()
    if args.no_reduce:
        return 0
    parts = local_parts(args.map_out)
    cmd = [args.scrutiny, "reduce", args.pipeline, *parts, "--out", args.out, *args.reduce_arg]
    subprocess.run(cmd, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
