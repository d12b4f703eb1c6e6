"""Reading BEIR-style data sets: corpus and queries as JSON lines, qrels as TSV."""

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path


class DataSetError(ValueError):
    """The files are missing or not in the BEIR format; the message says where."""


@dataclass
class DataSet:
    corpus: dict[str, dict]  # _id -> {"title": ..., "text": ...}, file order
    queries: dict[str, str]  # _id -> text, file order
    qrels: dict[str, dict[str, int]] = field(
        default_factory=dict
    )  # qid -> {doc: grade}

    def judged_queries(self) -> dict[str, str]:
        """Queries with at least one relevant document in the corpus (BEIR's rule)."""
        return {
            qid: text
            for qid, text in self.queries.items()
            if any(
                grade > 0 and doc_id in self.corpus
                for doc_id, grade in self.qrels.get(qid, {}).items()
            )
        }


def _json_lines(path: Path):
    try:
        handle = path.open(encoding="utf-8")
    except OSError as error:
        raise DataSetError(f"cannot read {path}: {error.strerror}") from error
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise DataSetError(
                    f"{path}:{number}: not JSON ({error.msg})"
                ) from error
            if not isinstance(row, dict) or "_id" not in row:
                raise DataSetError(
                    f"{path}:{number}: a JSON object with an _id is needed"
                )
            yield number, row


def read_corpus(path: Path) -> dict[str, dict]:
    corpus = {}
    for number, row in _json_lines(Path(path)):
        doc_id = str(row["_id"])
        if doc_id in corpus:
            raise DataSetError(f"{path}:{number}: duplicate _id {doc_id!r}")
        title, text = str(row.get("title") or ""), str(row.get("text") or "")
        if not (title.strip() or text.strip()):
            raise DataSetError(
                f"{path}:{number}: document {doc_id!r} has no title or text"
            )
        corpus[doc_id] = {"title": title, "text": text}
    if not corpus:
        raise DataSetError(f"{path}: the corpus has no documents")
    return corpus


def read_queries(path: Path, *, where: dict[str, str] | None = None) -> dict[str, str]:
    """Queries by _id; `where` keeps those whose fields have these values
    (e.g. {"half": "A"}: StackFAQ's dev half)."""
    queries = {}
    for _, row in _json_lines(Path(path)):
        if where and any(str(row.get(key)) != value for key, value in where.items()):
            continue
        # Kept even when empty (StackFAQ has one): the search box gets those too.
        queries[str(row["_id"])] = str(row.get("text") or "").strip()
    if not queries:
        raise DataSetError(
            f"{path}: there are no queries" + (f" with {where}" if where else "")
        )
    return queries


def read_qrels(path: Path) -> dict[str, dict[str, int]]:
    """`query-id corpus-id score` rows after a header line, tab-separated."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as error:
        raise DataSetError(f"cannot read {path}: {error.strerror}") from error
    qrels: dict[str, dict[str, int]] = {}
    with handle:
        rows = csv.reader(handle, delimiter="\t")
        header = next(rows, None)
        if not header or len(header) < 3:
            raise DataSetError(f"{path}: a header `query-id corpus-id score` is needed")
        for number, row in enumerate(rows, start=2):
            if not row or not "".join(row).strip():
                continue
            if len(row) < 3:
                raise DataSetError(
                    f"{path}:{number}: three tab-separated columns needed"
                )
            try:
                grade = int(float(row[2]))
            except ValueError as error:
                raise DataSetError(
                    f"{path}:{number}: score {row[2]!r} is no number"
                ) from error
            qrels.setdefault(row[0].strip(), {})[row[1].strip()] = grade
    return qrels


def read_data_set(
    *, corpus: Path, queries: Path, qrels: Path, where: dict[str, str] | None = None
) -> DataSet:
    return DataSet(
        corpus=read_corpus(corpus),
        queries=read_queries(queries, where=where),
        qrels=read_qrels(qrels),
    )


def parse_where(pairs: list[str] | None) -> dict[str, str]:
    """["half=A"] -> {"half": "A"}."""
    where = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise DataSetError(f"a query filter looks like FIELD=VALUE, not {pair!r}")
        where[key.strip()] = value.strip()
    return where


def write_data_set(data: DataSet, folder: Path) -> dict[str, Path]:
    """Write `data` as BEIR files in `folder`; returns their paths by kind."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        "corpus": folder / "corpus.jsonl",
        "queries": folder / "queries.jsonl",
        "qrels": folder / "qrels.tsv",
    }
    with paths["corpus"].open("w", encoding="utf-8") as handle:
        for doc_id, doc in data.corpus.items():
            handle.write(json.dumps({"_id": doc_id, **doc}) + "\n")
    with paths["queries"].open("w", encoding="utf-8") as handle:
        for qid, text in data.queries.items():
            handle.write(json.dumps({"_id": qid, "text": text}) + "\n")
    with paths["qrels"].open("w", encoding="utf-8") as handle:
        handle.write("query-id\tcorpus-id\tscore\n")
        for qid, docs in data.qrels.items():
            for doc_id, grade in docs.items():
                handle.write(f"{qid}\t{doc_id}\t{grade}\n")
    return paths
