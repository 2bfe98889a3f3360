from weimin_kit.errors import Conflict, InvalidInput


class ShiftOverlap(Conflict):
    code = "shift-overlap"
    title = "You are already signed up for a shift at that time"


class AlreadySignedUp(Conflict):
    code = "already-signed-up"
    title = "Already signed up for this shift"


class ShiftClosed(Conflict):
    code = "shift-closed"
    title = "The shift has started or ended"


class SignupNotChangeable(Conflict):
    code = "signup-not-changeable"
    title = "The sign-up is not in a state that allows this"


class NotSignedUp(Conflict):
    code = "not-signed-up"
    title = "No confirmed sign-up for this shift"


class CheckInNotOpen(Conflict):
    code = "check-in-not-open"
    title = "Check-in is not open for this shift now"


class AlreadyCheckedIn(Conflict):
    code = "already-checked-in"
    title = "Already checked in"


class NotCheckedIn(Conflict):
    code = "not-checked-in"
    title = "Check in first, or you have already checked out"


class OutsideCheckInRadius(InvalidInput):
    code = "outside-checkin-radius"
    title = "Too far from the activity to check in"


class InvalidQrCode(InvalidInput):
    code = "invalid-qr-code"
    title = "That QR code does not belong to this activity"


class ShiftNotEnded(Conflict):
    code = "shift-not-ended"
    title = "Attendance is confirmed after the shift ends"
