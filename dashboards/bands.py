"""Score bands of a framework scored in points (SI QAF): what the trends count providers into
and what the provider table filters by. Full marks comes from each framework's ``total_max``
(no action plan needed); the bands below it are ``POINT_BANDS``, each reaching up to the band
above it (the first to one below ``total_max``, so "30 to 35" out of 36); a total below the
last band's lowest is "below 24"."""
from dataclasses import dataclass

from frameworks.models import Framework

POINT_BANDS = [("from-30", 30), ("from-24", 24)]
FULL_MARKS = "full"
BELOW = ("below-24", "below 24")


@dataclass(frozen=True)
class Band:
    key: str
    label: str
    low: int | None = None  # the lowest total in the band (None: no lower bound)
    high: int | None = None  # the highest (None: no upper bound)


def point_bands(framework: Framework) -> list[Band]:
    """A points framework's bands, best first: full marks, ``POINT_BANDS``, below the last."""
    total_max = int(framework.scoring_parameters["total_max"])
    bands = [Band(FULL_MARKS, f"Full marks ({total_max}), no action plan needed", total_max)]
    above = total_max
    for key, low in POINT_BANDS:
        bands.append(Band(key, f"{low} to {above - 1}", low, above - 1))
        above = low
    return bands + [Band(*BELOW, None, above - 1)]


def band_of(framework: Framework, total: int) -> str:
    """The key of the band a total falls in (``point_bands``)."""
    for band in point_bands(framework):
        if (band.low is None or total >= band.low) and (band.high is None or total <= band.high):
            return band.key
    return BELOW[0]
