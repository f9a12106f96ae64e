"""Support for the test suite only: never imported by product code."""
