"""newsdesk: a terminal reader for analysts who read the news closely."""

__version__ = "0.1.0"
