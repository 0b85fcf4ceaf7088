"""The Textual app: article list, reader and side panel around the core."""
