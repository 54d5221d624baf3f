from . import xinfang_petition_ledger_xlsx
from . import xinfang_monthly_statistics_xlsx
