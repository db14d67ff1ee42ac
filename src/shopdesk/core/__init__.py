"""Pure domain types shared by every layer. Imports nothing but stdlib and pydantic."""
