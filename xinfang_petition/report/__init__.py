from . import xinfang_petition_report
