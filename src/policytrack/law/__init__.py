"""The law's text and what is in force: sections in force, the importer, clauses and their coverage."""
