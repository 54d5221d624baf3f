from . import xinfang_holiday_import
from . import xinfang_petition_step
from . import xinfang_referral_import
from . import xinfang_referral_import_column
from . import xinfang_referral_import_line
from . import xinfang_referral_report_back
