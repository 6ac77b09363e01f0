"""`summarizer logs`: the newest model calls from the call log; `summarizer logs path`: where it is
(as `llm logs path` answers)."""

from __future__ import annotations

import argparse
import json
import logging

from summarizer.cli.options import HelpFormatter, add_verbosity_options

log = logging.getLogger("summarizer.cli")


def add_parser(commands: argparse._SubParsersAction) -> None:
    logs_parser = commands.add_parser(
        "logs", help="the last model calls: prompt, model, tokens, seconds, cached or not, error",
        formatter_class=HelpFormatter,
        description="List the newest model calls from the call log (calls.sqlite in the cache folder), oldest "
        "first: one row per HTTP attempt (retries and failed attempts included) and one per answer served from "
        "the cache. Endpoint credentials are never written to the log.",
        epilog="examples:\n  summarizer logs\n  summarizer logs -n 100\n  summarizer logs path\n  summarizer logs -n 0 --json > calls.json\n\n"
        "columns: tokens are prompt+completion of that attempt ('(cut)': the answer was cut at max_tokens and\n"
        "what came before the cut was kept); the model is the endpoint and model name, or the sha256 of the\n"
        "embedded GGUF; cached: 'cached' for an answer served from the cache, 'batch' for one imported by\n"
        "`batch import` (its seconds are unknown); `batch run` requests are named by their custom_id.\n"
        "SUMMARIZER_HOME moves the cache folder.",
    )
    logs_parser.add_argument("action", nargs="?", choices=["path"],
                             help="path: print where the call log is (an SQLite file; sqlite-utils and Datasette read it)")
    logs_parser.add_argument("-n", "--count", type=int, default=20, metavar="N",
                             help="how many of the newest rows (default 20; 0 for all)")
    logs_parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    add_verbosity_options(logs_parser)
    logs_parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tabulate import tabulate

    from summarizer.llm import calllog

    path = calllog.default_path()
    if args.action == "path":
        print(path)
        return 0
    calllog.check_folder(path.parent)
    if not path.exists():
        log.info(f"no model call logged yet ({path} does not exist)")
        return 0
    log_db = calllog.CallLog(path)
    try:
        rows = log_db.recent(args.count)
    finally:
        log_db.close()
    if args.json:
        print(json.dumps([{**row, "cached": bool(row["cached"]), "truncated": bool(row["truncated"])} for row in rows],
                         ensure_ascii=False, indent=2))
    elif rows:
        print(tabulate([_log_line(row) for row in rows], tablefmt="simple", disable_numparse=True,
                       headers=["id", "created (UTC)", "prompt", "prompt hash", "model", "tokens", "seconds", "cached",
                                "error"]))
    return 0


def _log_line(row: dict) -> list:
    model = row["model"] or ""
    if model.startswith("gguf-sha256:"):
        model = model[:24] + "…"
    tokens = "" if row["cached"] else f"{row['prompt_tokens'] or 0}+{row['completion_tokens'] or 0}"
    if row["truncated"]:
        tokens += " (cut)"
    error = row["error"] or ""
    return [row["id"], row["created"][:19].replace("T", " "), row["prompt"], row["prompt_hash"], model, tokens,
            "" if row["cached"] or row["custom_id"] else f"{row['seconds'] or 0:.1f}",
            "cached" if row["cached"] else "batch" if row["custom_id"] else "",
            error if len(error) <= 80 else error[:79] + "…"]
