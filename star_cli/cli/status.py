"""`star status OUT`: each rank's progress, who is writing it, and what is missing."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from star_cli.cli.common import fail, handle_errors
from star_cli.errors import UsageError


@handle_errors
def status(
    output: Path = typer.Argument(..., help="A star output directory."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON on stdout."),
    verify: bool = typer.Option(False, "--verify", help="Hash every shard and count its "
                                "records against the manifest (without it: presence, size and "
                                "unlisted files only)."),
) -> None:
    """Where a run stands: the directory's status, then one line per rank; exits 2 when
    the directory does not match its manifest."""
    from star_cli.io.manifest import MANIFEST, rank_report
    from star_cli.io.verify import load_manifest, verify_directory

    view = load_manifest(output)
    if view is None:
        raise UsageError(f"{output}: not a star output directory (no {MANIFEST})")
    rows = rank_report(output)
    damaged = verify_directory(output, full=verify)
    if as_json:
        typer.echo(json.dumps({"status": view.get("status"), "records": view.get("records"),
                               "verified": "full" if verify else "sizes",
                               "damaged": damaged, "ranks": rows}, indent=2, default=str))
        if damaged:
            raise typer.Exit(2)
        return
    typer.echo(f"{output}: {view.get('command')} {view.get('status')}, "
               f"{view.get('records', 0)} records of {view.get('problems', 0)} problems "
               f"in {len(view.get('shards', []))} shards")
    configs = {json.dumps(r["config"], sort_keys=True) for r in rows if r["config"]}
    for r in rows:
        who = r["holder"]
        by = f", written now by pid {who.get('pid')} on {who.get('host')}" if who else ""
        typer.echo(f"  rank {r['rank']}: {r['status']}, {r['records']} records, "
                   f"{r['problems']} problems{by}")
    missing = [r["rank"] for r in rows if r["status"] != "complete"]
    if len(configs) > 1:
        typer.echo("  ranks ran with different configurations: rerun the odd ones with the "
                   "same options, or --overwrite them")
    if missing and len(rows) == 1:  # a run of one rank
        typer.echo("  to finish: rerun the same command; it resumes where it stopped")
    elif missing:
        typer.echo(f"  to finish: rerun rank(s) {', '.join(map(str, missing))} with the same "
                   "command (--shard-index I), or all with --num-shards N alone (--executor "
                   "ray on a cluster); each rank resumes only itself")
    if damaged:
        for line in damaged:
            typer.echo(f"  damaged: {line}")
        raise fail(f"{output} does not match its manifest ({len(damaged)} problem"
                   f"{'s' * (len(damaged) > 1)}); readers refuse it (--allow-partial reads "
                   "the shards that verify)", 2)
    checked = ("every shard hashed and counted" if verify
               else "shards present, sizes match (--verify hashes them)")
    typer.echo(f"  verified: {checked}")
