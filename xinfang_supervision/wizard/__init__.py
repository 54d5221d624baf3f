from . import xinfang_reception_gap
