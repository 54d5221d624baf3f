from . import xinfang_holiday_import
