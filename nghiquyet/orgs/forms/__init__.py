"""The forms of the registry pages, one module per views module."""
