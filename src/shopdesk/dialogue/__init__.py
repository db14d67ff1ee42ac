"""The dialogue engine: conversation state, flows per intent, the verification gate. Pure."""
