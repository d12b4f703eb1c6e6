"""`python -m bench build --db FILE.sqlite3 [--db ...]`: how fast `update_index`
builds the Whoosh index, with how much disk and memory.

Each database is copied (the file given is never opened) and indexed by
`manage.py update_index` in a child process, into a fresh index folder, while
the parent samples the child's processes and the folder:

- index MB: the folder once the rebuild is done;
- peak temp-disk MB: the most the folder held beyond that (sort runs, segments
  being written);
- peak RSS MB: the most memory the child and its worker processes held together
  (their proportional set sizes, so pages the workers share with the child
  count once).
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SAMPLE_SECONDS = 1.0  # reading /proc takes CPU from the build: not too often
MB = 1 << 20


def folder_bytes(path):
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except FileNotFoundError:  # removed while we walked
                pass
    return total


def process_tree(pid):
    """A process and all its descendants (Linux /proc)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    fields = handle.read().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry)] = int(fields[1])
    tree, grown = {pid}, True
    while grown:
        found = {child for child, parent in parents.items() if parent in tree}
        grown = not found <= tree
        tree |= found
    return tree


def tree_memory(pid):
    """Memory of a process tree: the sum of proportional set sizes (pages the
    forked workers share with their parent counted once)."""
    total = 0
    for member in process_tree(pid):
        try:
            with open(f"/proc/{member}/smaps_rollup", "rb") as handle:
                for line in handle:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except OSError:
            continue
    return total


def measure(database, *, workers=None):
    """Build the index of a copy of `database` in a child; returns its row."""
    with tempfile.TemporaryDirectory(prefix="kb-bench-build-") as folder:
        folder = Path(folder)
        copy = folder / "kb.sqlite3"
        shutil.copyfile(database, copy)
        index = folder / "index"
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{copy}",
            "KB_VAR_DIR": str(folder / "var"),
            "DJANGO_SETTINGS_MODULE": os.environ.get(
                "DJANGO_SETTINGS_MODULE", "kb.settings.dev"
            ),
        }
        report = folder / "report.json"
        command = [sys.executable, "-m", "bench.index_build", str(report), str(index)]
        if workers is not None:
            command.append(str(workers))
        child = subprocess.Popen(command, env=env)
        peak_disk = peak_rss = 0
        while child.poll() is None:
            peak_disk = max(peak_disk, folder_bytes(index))
            peak_rss = max(peak_rss, tree_memory(child.pid))
            time.sleep(SAMPLE_SECONDS)
        if child.returncode:
            raise RuntimeError(f"update_index failed on {database}")
        result = json.loads(report.read_text())
        size = folder_bytes(index)
    return {
        "database": str(database),
        "documents": result["documents"],
        "seconds": result["seconds"],
        "docs_per_second": result["documents"] / result["seconds"],
        "index_mb": size / MB,
        "peak_temp_disk_mb": max(0, peak_disk - size) / MB,
        "peak_rss_mb": peak_rss / MB,
    }


def table(rows):
    head = (
        f"{'documents':>10} {'seconds':>8} {'docs/s':>7} {'index MB':>9} "
        f"{'peak temp-disk MB':>18} {'peak RSS MB':>12}"
    )
    lines = [head]
    for row in rows:
        lines.append(
            f"{row['documents']:>10,} {row['seconds']:>8.1f} "
            f"{row['docs_per_second']:>7.0f} {row['index_mb']:>9.1f} "
            f"{row['peak_temp_disk_mb']:>18.1f} {row['peak_rss_mb']:>12.0f}"
        )
    return "\n".join(lines)


def child(report, index, workers=None):
    """In the child: run `update_index` once into `index`, report documents and
    seconds."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from whoosh import index as whoosh_index

    settings.DEBUG = False  # DEBUG keeps every SQL query in memory
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "kb.search.backends.whoosh",
            "PATH": index,
            "LANGUAGE": getattr(settings, "KB_SEARCH_LANGUAGE", "en"),
            # The site's content languages, as deployed (each has its own columns).
            "LANGUAGES": [
                code for code, _ in getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", [])
            ],
        }
    }
    started = time.perf_counter()
    options = {} if workers is None else {"workers": int(workers)}
    call_command("update_index", verbosity=0, **options)
    seconds = time.perf_counter() - started
    documents = 0
    for path in Path(index).iterdir():
        if path.is_symlink():
            with whoosh_index.open_dir(str(path)).searcher() as searcher:
                documents += searcher.doc_count()
    Path(report).write_text(json.dumps({"documents": documents, "seconds": seconds}))


if __name__ == "__main__":
    child(*sys.argv[1:])
