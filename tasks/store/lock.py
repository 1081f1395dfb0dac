"""The out folder's commit lock: one writer at a time, and never stuck behind a dead one.

On a local out folder it is an `flock` on `<out>/_lock` (the kernel releases it when its
holder dies, so a killed run never blocks the next one and a live holder is never broken); on
other filesystems (object stores) an exclusive create (`xb`, S3 `If-None-Match`), broken when
its holder died on this host or is older than `stale_after` seconds.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import threading
import time
from collections.abc import Iterator

from tasks.store.outdir import Store


class LockTimeout(RuntimeError):
    pass


_THREAD_LOCKS: dict[str, threading.Lock] = {}


@contextlib.contextmanager
def out_lock(store: Store, timeout: float = 600.0, stale_after: float = 300.0) -> Iterator[None]:
    """Hold `<out>/_lock`: an flock on a local folder, else an exclusive create.

    Threads of one process (the flow's shard tasks) first queue on an in-process lock, so
    they hand over at once instead of polling the file lock with back-off sleeps.
    """
    thread_lock = _THREAD_LOCKS.setdefault(store.url, threading.Lock())
    if not thread_lock.acquire(timeout=timeout):
        raise LockTimeout(f"{store.path('_lock')} held in this process for over {timeout:.0f}s")
    try:
        with _out_lock(store, timeout, stale_after):
            yield
    finally:
        thread_lock.release()


@contextlib.contextmanager
def _out_lock(store: Store, timeout: float, stale_after: float) -> Iterator[None]:
    if store.is_local:
        with _local_lock(store.path("_lock"), timeout):
            yield
        return
    fs, path = store.fs, store.path("_lock")
    fs.makedirs(store.root, exist_ok=True)
    me = {"pid": os.getpid(), "host": socket.gethostname(), "at": time.time()}
    deadline = time.monotonic() + timeout
    delay = 0.01
    while True:
        try:
            with fs.open(path, "xb") as fh:
                fh.write(json.dumps(me).encode())
            break
        except FileExistsError:
            if _lock_is_stale(store, path, stale_after):
                with contextlib.suppress(FileNotFoundError):
                    fs.rm(path)
                continue
            if time.monotonic() > deadline:
                raise LockTimeout(f"{path} held for more than {timeout:.0f}s") from None
            time.sleep(delay)
            delay = min(delay * 2, 0.5)
    # Object-store clients cache listings (s3fs: forever); other processes committed since
    # ours were taken, and everything done under the lock must see their files and ledger.
    fs.invalidate_cache()
    try:
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            fs.rm(path)


@contextlib.contextmanager
def _local_lock(path: str, timeout: float) -> Iterator[None]:
    """flock on `path`; the holder writes its pid/host/time into it for humans.

    Breaking a stale exclusive-create lock races (two waiters both judge it stale; the second
    removes the lock the first just took) and a dead holder's pid can be reused; an flock has
    neither problem. The file is removed on release while still locked, so a waiter that
    locked the old, unlinked file notices (inode differs from the path's) and tries again.
    """
    os.makedirs(os.path.dirname(path), exist_ok=True)
    deadline = time.monotonic() + timeout
    delay = 0.005
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() > deadline:
                raise LockTimeout(f"{path} held for more than {timeout:.0f}s") from None
            time.sleep(delay)
            delay = min(delay * 2, 0.2)
            continue
        try:
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)  # we locked a file its last holder already removed: try again
    try:
        me = {"pid": os.getpid(), "host": socket.gethostname(), "at": time.time()}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(me).encode(), 0)
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        os.close(fd)


def _lock_is_stale(store: Store, path: str, stale_after: float) -> bool:
    try:
        holder = store.read_json(path)
    except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
        return False  # being written right now, or just released: retry
    if time.time() - float(holder.get("at", 0)) > stale_after:
        return True
    if holder.get("host") == socket.gethostname():
        try:
            os.kill(int(holder["pid"]), 0)
        except ProcessLookupError:
            return True
        except (PermissionError, ValueError, KeyError):
            return False
    return False
