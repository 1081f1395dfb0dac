"""The per-user cache of derived tables (tasks.store.user_cache): a cached copy must be exactly
what the build gives, and a damaged entry only costs a rebuild."""

from __future__ import annotations

import pickle

import pytest

from tasks.places import index as places
from tasks.store import user_cache


@pytest.mark.parametrize(
    ("load", "cache_path"),
    [
        # the one gazetteer (GeoNames cities5000 + ISO), loaded by every worker at start and
        # read by datelines, the canonical layer and resolution
        (places.gazetteer.__wrapped__, places._cache_path),
    ],
    ids=["places"],
)
def test_cached_tables_equal_the_built_ones_and_survive_damage(
    load, cache_path, tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(user_cache, "CACHE_DIR", tmp_path)
    built = load()  # the process-wide cache bypassed: nothing on disk yet, so this builds
    path = cache_path()
    assert path.parent == tmp_path and path.exists()  # written by the first build
    assert load() == built  # read back: equal tables, the same place for every name
    path.write_bytes(b"not a pickle")  # a damaged entry (disk full, killed writer)
    assert load() == built
    assert pickle.loads(path.read_bytes()) == built  # and rewritten whole


def test_an_entry_is_keyed_by_its_sources_and_versions(tmp_path, monkeypatch) -> None:
    """A change of the building code or of a package version is a new entry, never a stale read."""
    monkeypatch.setattr(user_cache, "CACHE_DIR", tmp_path)
    source = tmp_path / "builder.py"
    source.write_text("TABLE = 1\n")
    first = user_cache.cache_file("t", [source], ("pkg", "1.0"))
    assert user_cache.cache_file("t", [source], ("pkg", "1.0")) == first
    assert user_cache.cache_file("t", [source], ("pkg", "1.1")) != first
    source.write_text("TABLE = 2\n")
    assert user_cache.cache_file("t", [source], ("pkg", "1.0")) != first


def test_a_wrong_type_in_the_entry_is_rebuilt(tmp_path) -> None:
    path = tmp_path / "x.pickle"
    user_cache.write_cached(path, ["a list"])
    assert user_cache.load_or_build(path, lambda: {"a": 1}, dict) == {"a": 1}
    assert user_cache.read_cached(path, dict) == {"a": 1}
