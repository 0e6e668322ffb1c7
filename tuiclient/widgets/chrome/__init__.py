"""The frame around every screen: who you are, and what is happening."""
