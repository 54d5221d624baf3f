from . import xinfang_holiday_import
from . import xinfang_petition_step
