"""The sources and their curation: loading and validation, ingest, review, evaluation, and the build."""
