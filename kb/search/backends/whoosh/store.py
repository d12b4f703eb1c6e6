"""One Whoosh index on disk: its folders, locks and queues.

Layout under the backend's PATH, for an index called `name`:

- `name` is a symlink to the current generation folder `.name.<stamp>`; a rebuild
  fills a new generation and swaps the symlink with one atomic rename, so readers
  never see a half-built index and a killed rebuild leaves the old one in place;
- `name.lock` is the writers' lock (fcntl, released by the kernel if a process
  dies), taken with a bounded wait; Whoosh's own lock is then never contended;
- `name.rebuild` is held locked for as long as a rebuild runs;
- `name.backlog` lists objects whose write could not get the lock in time: the
  next writer (or rebuild) re-reads them from the database, so nothing is lost;
- `name.journal` lists objects written while a rebuild runs: the rebuild replays
  them into the new generation before it swaps.

Nothing here imports Django, so a worker process can use it on its own.
"""

import contextlib
import errno
import fcntl
import json
import logging
import os
import secrets
import shutil
import time
from pathlib import Path

from whoosh import index as whoosh_index

logger = logging.getLogger("kb.search")


class WriteTimeout(Exception):
    """The writers' lock was not free within the bounded wait."""


class IndexUnavailable(Exception):
    """The index is missing or cannot be read."""


class ChangeNotQueued(Exception):
    """A write could neither be applied nor queued (e.g. a read-only folder): the
    caller must keep the change, `refs` ((model label, pk) pairs), itself."""

    def __init__(self, message, refs):
        super().__init__(message)
        self.refs = refs


class IndexStore:
    def __init__(self, root, name):
        self.root = Path(root)
        self.name = name
        self.link = self.root / name
        self.lock_path = self.root / f"{name}.lock"
        self.rebuild_path = self.root / f"{name}.rebuild"
        self.backlog_path = self.root / f"{name}.backlog"
        self.journal_path = self.root / f"{name}.journal"

    # Generations

    def current_dir(self):
        """The current generation's folder, or None when there is no index."""
        if self.link.is_symlink():
            target = Path(os.path.realpath(self.link))
            return target if target.is_dir() else None
        if self.link.is_dir():  # an index made by hand or by an older version
            return self.link
        return None

    def new_generation_dir(self):
        self.root.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d%H%M%S")
        path = self.root / f".{self.name}.{stamp}-{secrets.token_hex(3)}"
        path.mkdir()
        return path

    def swap_to(self, generation):
        """Point the index at `generation` with one atomic rename; drop the old."""
        old = self.current_dir()
        temp = self.root / f".{self.name}.link-{secrets.token_hex(4)}"
        os.symlink(generation.name, temp)
        if self.link.exists() and not self.link.is_symlink():
            aside = self.root / f".{self.name}.replaced-{secrets.token_hex(3)}"
            os.rename(self.link, aside)
            old = aside
        os.replace(temp, self.link)
        if old is not None and old != generation:
            shutil.rmtree(old, ignore_errors=True)

    def remove_abandoned_generations(self):
        """Folders of killed rebuilds; call only while holding the rebuild lock."""
        current = self.current_dir()
        for path in self.root.glob(f".{self.name}.*"):
            if path.is_dir() and not path.is_symlink() and path != current:
                shutil.rmtree(path, ignore_errors=True)
            elif path.is_symlink():
                path.unlink(missing_ok=True)

    def open(self, schema=None, create=False):
        """The current Whoosh index; create=True makes an empty one if missing."""
        path = self.current_dir()
        if path is None:
            if not create:
                raise IndexUnavailable(f"no search index at {self.link}")
            path = self.new_generation_dir()
            whoosh_index.create_in(str(path), schema)
            self.swap_to(path)
            logger.warning(
                "Created an empty search index at %s; run `manage.py update_index` "
                "to fill it",
                self.link,
            )
            path = self.current_dir()
        try:
            return whoosh_index.open_dir(str(path))
        except Exception as error:  # noqa: BLE001 - any unreadable index
            raise IndexUnavailable(
                f"search index at {self.link} is unreadable: {error}"
            ) from error

    # Locks

    @contextlib.contextmanager
    def write_lock(self, timeout):
        """The writers' lock, waiting at most `timeout` seconds (WriteTimeout after)."""
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            deadline = time.monotonic() + timeout
            pause = 0.005
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as error:
                    if error.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                    if time.monotonic() >= deadline:
                        raise WriteTimeout(
                            f"search index {self.name} stayed locked for {timeout}s"
                        ) from None
                    time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
                    pause = min(pause * 2, 0.1)
            yield
        finally:
            os.close(fd)  # closing the descriptor releases the lock

    def acquire_rebuild_lock(self, timeout):
        """Mark a rebuild as running until the returned descriptor is closed."""
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.rebuild_path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd
            except OSError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise WriteTimeout(
                        f"another rebuild of {self.name} is running"
                    ) from None
                time.sleep(0.1)

    def rebuild_running(self):
        if not self.rebuild_path.exists():
            return False
        fd = os.open(self.rebuild_path, os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return False
        except OSError:
            return True
        finally:
            os.close(fd)

    # Queues of (model label, pk) references

    def _append(self, path, refs):
        if not refs:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        lines = "".join(json.dumps([label, str(pk)]) + "\n" for label, pk in refs)
        with open(path, "a", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)  # held for one short append
            handle.write(lines)

    def _take(self, path):
        try:
            handle = open(path, "r+", encoding="utf-8")
        except FileNotFoundError:
            return []
        with handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            lines = handle.read().splitlines()
            handle.seek(0)
            handle.truncate()
        refs = []
        for line in lines:
            try:
                label, pk = json.loads(line)
            except (ValueError, TypeError):
                continue
            refs.append((label, pk))
        return refs

    def queue_backlog(self, refs):
        self._append(self.backlog_path, refs)

    def take_backlog(self):
        return self._take(self.backlog_path)

    def backlog_size(self):
        try:
            with open(self.backlog_path, encoding="utf-8") as handle:
                return sum(1 for _ in handle)
        except FileNotFoundError:
            return 0

    def journal(self, refs):
        self._append(self.journal_path, refs)

    def take_journal(self):
        return self._take(self.journal_path)

    def clear_journal(self):
        self.journal_path.unlink(missing_ok=True)
