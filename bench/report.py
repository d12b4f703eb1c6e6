"""The benchmark's tables: a row per backend, figures with their ratio to `database`."""

import json
from pathlib import Path

from .running import BUILT_IN

COLUMNS = [
    # (heading, how to read it from a backend's result, format)
    ("nDCG@10", lambda r: r["ndcg@10"], "{:.3f}"),
    ("MRR@10", lambda r: r["mrr@10"], "{:.3f}"),
    ("R@10", lambda r: r["recall@10"], "{:.3f}"),
    ("R@100", lambda r: r["recall@100"], "{:.3f}"),
    ("errors", lambda r: r["errors"], "{:d}"),
    ("p50 ms", lambda r: r["latency_ms"]["p50"], "{:.1f}"),
    ("p95 ms", lambda r: r["latency_ms"]["p95"], "{:.1f}"),
    ("p99 ms", lambda r: r["latency_ms"]["p99"], "{:.1f}"),
    ("build doc/s", lambda r: r["build_docs_per_s"], "{:.0f}"),
    ("index MB", lambda r: r["index_bytes"] / 1e6, "{:.2f}"),
    ("peak RSS MB", lambda r: r["peak_rss_mb"], "{:.0f}"),
]


def _ratio(value, base) -> str:
    if base is None:
        return ""
    if not base:
        return " (=)" if value == base else " (-)"
    return f" ({value / base:.2f}x)"


def add_ratios(summary: dict) -> dict:
    """Each backend's figures divided by the built-in backend's, under `vs_database`."""
    base = summary["backends"].get(BUILT_IN)
    if base is None:
        return summary
    for result in summary["backends"].values():
        result["vs_database"] = {
            heading: round(read(result) / read(base), 3) if read(base) else None
            for heading, read, _ in COLUMNS
        }
    return summary


def table(summary: dict) -> str:
    """A plain-text table; the ratio to the built-in backend in brackets."""
    backends = summary["backends"]
    base = backends.get(BUILT_IN)
    rows = [["backend"] + [heading for heading, _, _ in COLUMNS]]
    for name, result in backends.items():
        row = [name]
        for _, read, form in COLUMNS:
            value = read(result)
            ratio = _ratio(value, read(base)) if base is not None else ""
            row.append(form.format(value) + ratio)
        rows.append(row)
    heading = (
        f"{summary['documents']} documents as {summary.get('as', 'articles')}, "
        f"{summary['queries']} queries"
        + (f"; (Nx) = ratio to the built-in '{BUILT_IN}' backend" if base else "")
    )
    return _render(rows, heading=heading)


def _render(rows: list[list[str]], *, heading: str) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            cell.rjust(width) if i else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join([heading, *lines])


def write_json(summary: dict, path: Path) -> None:
    path.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")


def write_trec_runs(runs: dict[str, dict[str, list[str]]], path: Path) -> list[Path]:
    """One TREC run file per backend (`qid Q0 doc rank score name`), next to `path`:
    ir-measures and trec_eval read them for per-query analysis."""
    written = []
    for name, rankings in runs.items():
        run_path = path.with_name(f"{path.stem}.{name}.run")
        with run_path.open("w", encoding="utf-8") as handle:
            for qid, doc_ids in rankings.items():
                for rank, doc_id in enumerate(doc_ids, start=1):
                    handle.write(
                        f"{qid} Q0 {doc_id} {rank} {len(doc_ids) - rank + 1} {name}\n"
                    )
        written.append(run_path)
    return written


GROWTH_COLUMNS = [
    ("build doc/s", lambda r: f"{r['build_docs_per_s']:.0f}"),
    ("p50 ms", lambda r: f"{r['latency_ms']['p50']:.1f}"),
    ("p95 ms", lambda r: f"{r['latency_ms']['p95']:.1f}"),
    ("p99 ms", lambda r: f"{r['latency_ms']['p99']:.1f}"),
    ("index MB", lambda r: f"{r['index_bytes'] / 1e6:.2f}"),
    ("peak RSS MB", lambda r: f"{r['peak_rss_mb']:.0f}"),
    ("nDCG@10", lambda r: f"{r['ndcg@10']:.3f}"),
    ("errors", lambda r: str(r["errors"])),
]


def growth_table(runs: list[dict]) -> str:
    """One row per corpus size and backend: how speed and size grow."""
    rows = [["documents", "backend"] + [heading for heading, _ in GROWTH_COLUMNS]]
    for run in runs:
        for name, result in run["backends"].items():
            rows.append(
                [str(run["documents"]), name]
                + [cell(result) for _, cell in GROWTH_COLUMNS]
            )
    return _render(rows, heading="Growth with corpus size")
