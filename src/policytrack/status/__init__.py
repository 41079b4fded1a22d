"""The status engine: calendars, who is bound, occurrences, each duty's verdict, history."""
