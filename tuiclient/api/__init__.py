"""The only code that talks to servers.

Mastodon.py does REST and OAuth; each module here holds thin functions for one
section of the Mastodon API documentation. Nothing here imports Textual, and
everything here blocks: callers run it in worker threads.
"""
