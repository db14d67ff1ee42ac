"""Commerce connectors: where order and catalog facts come from."""
