"""wirecopy's pure logic, one subpackage per stage of the data flow (no Prefect import here).

ingest → parse → enrich → store → run: a stage imports only the stages before it and the loose
modules (`settings`, `errors`, `version`). `docs/architecture.md` has the map.
"""
