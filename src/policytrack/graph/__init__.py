"""The networkx graph of ordinances, obligations, agencies and systems."""
