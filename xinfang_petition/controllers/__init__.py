from . import portal
from . import open311
