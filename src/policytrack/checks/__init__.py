"""Judging a repository: the checker, its rules, their configuration, the pull-request gate."""
