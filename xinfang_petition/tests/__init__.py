from . import test_deadline
from . import test_petition_workflow
from . import test_security
from . import test_step_wizard
from . import test_tour_smoke
from . import test_metrics_cron
from . import test_reports
