"""The search benchmark: relevance and speed of the site search on a BEIR data set.

A tool beside the site, not part of it: nothing under `kb/` imports it, and its own
dependencies come with the `bench` extra (`pip install -e ".[bench]"`).

- `cli`: `python -m bench eval|scale ...`, the command line.
- `beir`: reads BEIR-style corpus, queries and qrels files.
- `content`: loads a corpus into a database as real kb content (articles, topics).
- `worker`: the child process that loads, indexes and searches one throwaway database.
- `running`: the parent side: throwaway databases, one worker per backend.
- `metrics`: ir-measures scoring and latency percentiles.
- `report`: the printed table and the JSON summary.
- `scale`: larger synthetic corpora from a data set's vocabulary.

The parent never opens the site's database: every database the benchmark writes to
is a temporary one made for the run and removed after it.
"""
