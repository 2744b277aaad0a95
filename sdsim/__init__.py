"""sdsim: system-dynamics scenario simulator for China's sustainable-development demonstration zones.

The public API:

- :func:`sdsim.run` runs one zone under lever settings and returns a yearly outcome table.
- :data:`sdsim.ZONES` lists the six zones.
- :func:`sdsim.calibrate.calibrate_zone` fits a zone's parameters to its cited observations.
"""

from sdsim.errors import SdsimError
from sdsim.runner import run
from sdsim.zones import ZONES, get_zone

__all__ = ["run", "ZONES", "get_zone", "SdsimError"]
__version__ = "0.1.0"
