from . import test_deadline
from . import test_petition_workflow
