"""Dialog screens: help, problems."""
