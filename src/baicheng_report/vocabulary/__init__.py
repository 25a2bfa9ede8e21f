"""Words for numbers: the claims the book shows, the one renderer, tracing a cell."""
