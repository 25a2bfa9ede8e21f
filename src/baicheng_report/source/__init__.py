"""The source: the archived article, its repaired passages, how it writes numbers."""
