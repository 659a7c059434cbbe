from findings.tests.conftest import open_visit  # noqa: F401 - the workspace tests' open visit, shared
