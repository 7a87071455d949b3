"""Tests written against the mutants `make mutate` found alive in views (docs/testing.md): each pins
a behaviour a user sees that no other test pinned, so the small change that broke it turns red."""

from __future__ import annotations
