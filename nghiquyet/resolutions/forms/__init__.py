"""The forms of the resolution pages, one module per views module."""
