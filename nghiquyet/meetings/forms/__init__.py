"""The forms of the meeting pages, one module per views module."""
