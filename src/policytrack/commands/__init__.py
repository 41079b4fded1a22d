"""One module per command family; ``policytrack.cli`` builds the parser from them."""
