"""The production storage of static files: hashed names (cached forever) and compressed copies."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _pattern_text(pattern) -> str:
    return pattern if isinstance(pattern, str) else pattern[0]


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Whitenoise's manifest storage, leaving source-map comments alone.

    Vendored bundles (Chart.js) name source maps they do not ship; rewriting those comments would make
    `collectstatic` fail on a file no page needs.
    """

    patterns = tuple(
        (glob, tuple(p for p in rules if "sourceMappingURL" not in _pattern_text(p)))
        for glob, rules in CompressedManifestStaticFilesStorage.patterns
    )
