"""The check result as text, JSON and the CI formats (GitHub annotations, SARIF, JUnit)."""
