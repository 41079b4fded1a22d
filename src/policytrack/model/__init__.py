"""What a repository holds and how it is read: the records, YAML with positions, the loader."""
