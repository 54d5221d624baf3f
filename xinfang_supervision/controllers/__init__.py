from . import portal_roster
