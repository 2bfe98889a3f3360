from weimin_kit.errors import Conflict, InvalidInput


class ShiftOverlap(Conflict):
    code = "shift-overlap"
    title = "You are already signed up for a shift at that time"
    title_zh = "您在该时段已报名其他班次"


class AlreadySignedUp(Conflict):
    code = "already-signed-up"
    title = "Already signed up for this shift"
    title_zh = "已报名该班次"


class ShiftClosed(Conflict):
    code = "shift-closed"
    title = "The shift has started or ended"
    title_zh = "班次已开始或已结束"


class SignupNotChangeable(Conflict):
    code = "signup-not-changeable"
    title = "The sign-up is not in a state that allows this"
    title_zh = "报名当前状态不允许此操作"


class NotSignedUp(Conflict):
    code = "not-signed-up"
    title = "No confirmed sign-up for this shift"
    title_zh = "没有该班次的已确认报名"


class CheckInNotOpen(Conflict):
    code = "check-in-not-open"
    title = "Check-in is not open for this shift now"
    title_zh = "该班次现在不能签到"


class AlreadyCheckedIn(Conflict):
    code = "already-checked-in"
    title = "Already checked in"
    title_zh = "已签到"


class NotCheckedIn(Conflict):
    code = "not-checked-in"
    title = "Check in first, or you have already checked out"
    title_zh = "请先签到，或您已签退"


class OutsideCheckInRadius(InvalidInput):
    code = "outside-checkin-radius"
    title = "Too far from the activity to check in"
    title_zh = "距离活动地点太远，无法签到"


class InvalidQrCode(InvalidInput):
    code = "invalid-qr-code"
    title = "That QR code does not belong to this activity"
    title_zh = "该二维码不属于此活动"


class ShiftNotEnded(Conflict):
    code = "shift-not-ended"
    title = "Attendance is confirmed after the shift ends"
    title_zh = "班次结束后才能确认出勤"
