"""The build's two ways to fail, which the command line tells apart by exit code."""


class BuildError(RuntimeError):
    """A step failed; the message names it. The published site is untouched (exit 1)."""


class OutRefused(BuildError):
    """`--out`, or the build folder beside it, holds what no build made; nothing was done
    (exit 2, a usage error: the user chooses another place)."""
