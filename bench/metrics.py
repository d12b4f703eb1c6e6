"""Scoring a run with ir-measures (the TREC tools), and latency percentiles."""

import statistics

import ir_measures
from ir_measures import RR, R, nDCG

MEASURES = {
    "ndcg@10": nDCG @ 10,
    "mrr@10": RR @ 10,
    "recall@10": R @ 10,
    "recall@100": R @ 100,
}


def relevance(
    *, rankings: dict[str, list[str]], qrels: dict[str, dict[str, int]], query_ids
) -> dict[str, float]:
    """Mean of each measure over `query_ids`; a query with no hits scores 0.

    (trec_eval averages only over the queries present in the run, which would let
    a backend that finds nothing for hard queries look better: hence the zeros.)
    """
    query_ids = list(query_ids)
    if not query_ids:
        return {name: 0.0 for name in MEASURES}
    wanted = set(query_ids)
    judged = [
        ir_measures.Qrel(qid, doc_id, grade)
        for qid in query_ids
        for doc_id, grade in qrels.get(qid, {}).items()
    ]
    run = []
    for qid, doc_ids in rankings.items():
        if qid not in wanted:
            continue
        # A descending score per rank keeps the order exactly as the search gave it.
        run.extend(
            ir_measures.ScoredDoc(qid, doc_id, float(len(doc_ids) - rank))
            for rank, doc_id in enumerate(dict.fromkeys(doc_ids))
        )
    totals = dict.fromkeys(MEASURES.values(), 0.0)
    for metric in ir_measures.iter_calc(list(MEASURES.values()), judged, run):
        totals[metric.measure] += metric.value
    return {
        name: totals[measure] / len(query_ids) for name, measure in MEASURES.items()
    }


def latency(milliseconds: list[float]) -> dict[str, float]:
    """p50, p95 and p99 (linear interpolation between ranks, like numpy's default)."""
    if not milliseconds:
        return {"p50": 0.0, "p95": 0.0, "p99": 0.0}
    if len(milliseconds) == 1:
        return dict.fromkeys(("p50", "p95", "p99"), milliseconds[0])
    cuts = statistics.quantiles(milliseconds, n=100, method="inclusive")
    return {"p50": cuts[49], "p95": cuts[94], "p99": cuts[98]}
