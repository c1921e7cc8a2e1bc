"""Makes tests/app a package, so its test modules may share a base name with tests/e2e's
(both folders hold a test_pages.py; pytest's default import mode refuses two top-level modules
of one name)."""
