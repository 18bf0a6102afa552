"""SQLModel tables, grouped by context. Importing this package registers every table."""
from .audit import AuditEntry, Notification
from .callcentre import Channel, VolumeForecast
from .jobs import FindingRecord, JobRun, JobSchedule, RosterDraft
from .ledgers import LedgerEntry, UnitBudget
from .org import Location, PublicHoliday, Skill, Unit
from .people import AuthSession, LoginAttempt, Person, PersonSkill, User, UserRole, UserUnit
from .requests import FlexRequest, LeaveRequest, RequestEvent, SwapRequest
from .selfservice import CalendarFeed, RotaSeen
from .rota import (
    Duty, DutyChange, Event, Pattern, PatternAssignment, Requirement, RosterPeriod, ShiftType,
)
from .transport import (
    ComplianceAudit, Contractor, Credential, Destination, Incident, Passenger, PassengerAbsence,
    Run, RunSheetEvent, RunStop, Vehicle,
)

__all__ = [name for name in dir() if name[0].isupper()]
